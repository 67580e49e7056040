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

    /**
     * Shorter tokens are refused at start: a token is guessed over loopback at thousands of tries a second,
     * and every client there shares one address, so no rate limit could tell a guesser from the user.
     */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final byte[] expected;
    private final Sessions sessions;

    /** @param token null or blank when none is set: then everything is open to whoever passed the other checks */
    public ApiToken(String token, Sessions sessions) {
        if (token != null && !token.isBlank() && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("sendgate.api-token must be at least " + MIN_TOKEN_LENGTH
                    + " characters (a random one: openssl rand -hex 16)");
        }
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
    }

    public boolean required() {
        return expected != null;
    }

    /** Whether this path asks for the token when one is set. */
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
        // the scheme's name is case-insensitive (RFC 9110)
        if (given != null && given.length() > 7 && given.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(given.substring(7))) {
            return true;
        }
        // cookies are not kept apart by port: a page on another port of this host may have set one of the
        // same name (for a narrower path, so it comes first); any valid one is the browser's own
        for (String session : sessionsOf(request)) {
            if (sessions.valid(session)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code token} is the token, compared in constant time: it must not leak through timing. */
    public boolean matches(String token) {
        return expected != null && token != null
                && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The session cookie's name. Cookies are not kept apart by port, so two services on one machine would
     * otherwise overwrite each other's; the port in the name keeps them apart.
     */
    public static String cookieName(HttpServletRequest request) {
        return COOKIE_PREFIX + request.getLocalPort();
    }

    /** Every value of the session cookie this request carries. */
    public static java.util.List<String> sessionsOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return java.util.List.of();
        }
        String name = cookieName(request);
        java.util.List<String> found = new java.util.ArrayList<>(1);
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                found.add(c.getValue());
            }
        }
        return found;
    }
}
