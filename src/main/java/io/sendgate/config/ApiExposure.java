package io.sendgate.config;

import io.sendgate.core.WsaError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * C32: the HTTP API listens on loopback by default; listening elsewhere requires an API token, which
 * every /api call must then present as {@code Authorization: Bearer <token>}.
 */
@Configuration(proxyBeanMethods = false)
public class ApiExposure {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiTokenFilter(SendgateProperties properties,
            @Value("${server.address:}") String serverAddress) {
        String token = properties.apiToken() == null || properties.apiToken().isBlank() ? null : properties.apiToken();
        if (token == null && !isLoopback(serverAddress)) {
            throw new IllegalStateException("server.address=" + (serverAddress.isEmpty() ? "(every interface)" : serverAddress)
                    + " is not loopback: set sendgate.api-token (SENDGATE_API_TOKEN) so that only callers "
                    + "who know it can drive sends");
        }
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new TokenFilter(token));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static final class TokenFilter extends OncePerRequestFilter {
        private final byte[] expected;

        TokenFilter(String token) {
            this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String given = request.getHeader("Authorization");
            if (expected == null || (given != null
                    && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8)))) {
                chain.doFilter(request, response);
                return;
            }
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer");
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                    + "\"detail\":\"This service requires Authorization: Bearer <sendgate.api-token>\","
                    + "\"wsaError\":\"" + WsaError.WSAEACCES.name() + "\",\"wsaCode\":" + WsaError.WSAEACCES.code() + "}");
        }
    }
}
