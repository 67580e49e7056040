package io.sendgate.config;

import io.sendgate.api.ApiTokenFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * C32: the HTTP API listens on loopback by default; listening elsewhere requires an API token. The
 * service refuses to start exposed without one rather than let anyone on the network drive sends.
 */
@Configuration(proxyBeanMethods = false)
public class ApiExposure {

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(SendgateProperties properties,
            @Value("${server.address:}") String serverAddress) {
        String token = properties.apiToken() == null || properties.apiToken().isBlank() ? null : properties.apiToken();
        if (token == null && !isLoopback(serverAddress)) {
            throw new IllegalStateException("server.address=" + (serverAddress.isEmpty() ? "(every interface)" : serverAddress)
                    + " is not loopback: set sendgate.api-token (SENDGATE_API_TOKEN) so that only callers "
                    + "who know it can drive sends");
        }
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>(new ApiTokenFilter(token == null ? "" : token));
        registration.addUrlPatterns("/api/*");
        registration.setEnabled(token != null);
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
}
