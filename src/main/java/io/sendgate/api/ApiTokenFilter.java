package io.sendgate.api;

import io.sendgate.core.WsaError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** C32: with an API token set, every /api call presents it as {@code Authorization: Bearer <token>}. */
public final class ApiTokenFilter extends OncePerRequestFilter {
    private final byte[] expected;

    public ApiTokenFilter(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader("Authorization");
        // constant-time comparison: the token must not leak through response timing
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(response, HttpStatus.UNAUTHORIZED, WsaError.WSAEACCES,
                "This service requires Authorization: Bearer <sendgate.api-token>", request.getRequestURI());
    }
}
