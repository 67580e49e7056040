package io.sendgate.api;

import io.sendgate.api.edge.ApiToken;
import io.sendgate.api.edge.Sessions;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * C37: a browser gives the API token once and gets a session cookie (HttpOnly, SameSite=Strict), so the
 * live page, its event stream and Swagger UI work with a token set. These calls need no token themselves.
 */
@RestController
@RequestMapping(ApiToken.SESSION_PATH)
@Tag(name = "Session")
class SessionController {
    /** Wrong tokens tolerated per minute, service-wide, before the call refuses until the minute ends. */
    private static final int MAX_FAILURES_PER_MINUTE = 20;

    private final ApiToken token;
    private final Sessions sessions;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant windowStart = Instant.EPOCH;

    SessionController(ApiToken token, Sessions sessions, Clock clock) {
        this.token = token;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Schema(description = "The service's API token (sendgate.api-token)")
    record Login(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String token) {
    }

    record SessionState(boolean tokenRequired, boolean authenticated) {
    }

    @GetMapping
    @Operation(operationId = "getSession", summary = "Whether a token is required, and whether this caller presents it")
    SessionState state(HttpServletRequest request) {
        return new SessionState(token.required(), token.presented(request));
    }

    @PostMapping
    @Operation(operationId = "openSession", summary = "Give the token once; the answer sets the session cookie",
            description = "204 with Set-Cookie (HttpOnly, SameSite=Strict, Path=/, for this browser session). "
                    + "A wrong token is 403 WSAEACCES; more than 20 wrong tokens in a minute, 429 until the minute ends.")
    ResponseEntity<Void> open(@RequestBody Login login, HttpServletRequest request) {
        if (!token.required()) {
            throw new WsaException(WsaError.WSAEINVAL, "This service has no API token: nothing to log in to");
        }
        refuseWhenGuessing();
        if (!token.matches(login.token())) {
            failures.incrementAndGet();
            throw new WsaException(WsaError.WSAEACCES, "That is not this service's token (sendgate.api-token)");
        }
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE,
                cookie(request, sessions.open(), null).toString()).build();
    }

    @DeleteMapping
    @Operation(operationId = "closeSession", summary = "End this browser's session")
    ResponseEntity<Void> close(HttpServletRequest request) {
        sessions.close(ApiToken.sessionOf(request));
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE,
                cookie(request, "", Duration.ZERO).toString()).build();
    }

    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder c = ResponseCookie.from(ApiToken.cookieName(request), value)
                .httpOnly(true).sameSite("Strict").path("/").secure(request.isSecure());
        return (maxAge == null ? c : c.maxAge(maxAge)).build();
    }

    /** Guessing a token must not be cheap: a burst of wrong ones closes the door for the minute. */
    private void refuseWhenGuessing() {
        Instant now = clock.instant();
        if (Duration.between(windowStart, now).compareTo(Duration.ofMinutes(1)) > 0) {
            windowStart = now;
            failures.set(0);
        }
        if (failures.get() >= MAX_FAILURES_PER_MINUTE) {
            throw new WsaException(WsaError.WSAEWOULDBLOCK, "Too many wrong tokens in the last minute; try again later");
        }
    }
}
