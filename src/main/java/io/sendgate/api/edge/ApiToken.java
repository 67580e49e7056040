package io.sendgate.api.edge;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * C32, C37: with {@code sendgate.api-token} set, the API, the OpenAPI document and every actuator endpoint
 * but the bare health status need the token: as {@code Authorization: Bearer <token>}, or as the session
 * cookie a page got by giving the token once ({@link Sessions}). The pages themselves (the live page,
 * Swagger UI's files) hold no secret and load without it.
 */
public final class ApiToken {
    /** The call that exchanges the token for a session cookie, and tells a page whether it needs one. */
    public static final String SESSION_PATH = "/api/v1/session";
    private static final String COOKIE_PREFIX = "sendgate-session-";

    private final byte[] expected;
    private final Sessions sessions;

    /** @param token null or blank when none is set: then everything is open to whoever passed the other checks */
    public ApiToken(String token, Sessions sessions) {
        this.expected = token == null || token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
    }

    public boolean required() {
        return expected != null;
    }

    /** Whether this path, under this method, asks for the token when one is set. */
    public static boolean guards(String path) {
        if (path.equals(SESSION_PATH)) {
            return false;
        }
        if (path.equals("/actuator/health")) {
            return false;
        }
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/v3/api-docs")
                || path.startsWith("/actuator");
    }

    /** True when no token is set, or the request presents it (header or a live session cookie). */
    public boolean presented(HttpServletRequest request) {
        if (expected == null) {
            return true;
        }
        String given = request.getHeader("Authorization");
        // constant-time comparison: the token must not leak through response timing
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        return sessions.valid(sessionOf(request));
    }

    /** Whether {@code token} is the token (for the page's login), compared in constant time. */
    public boolean matches(String token) {
        return expected != null && token != null
                && MessageDigest.isEqual(expected, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The session cookie's name. Cookies are not kept apart by port, so two services on one machine would
     * otherwise overwrite each other's; the port in the name keeps them apart.
     */
    public static String cookieName(HttpServletRequest request) {
        return COOKIE_PREFIX + request.getLocalPort();
    }

    public static String sessionOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        String name = cookieName(request);
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
