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

import java.time.Duration;

/**
 * C37: a browser gives the API token once and gets a session cookie (HttpOnly, SameSite=Strict), so the
 * live page, its event stream and Swagger UI work with a token set. These calls need no token themselves.
 */
@RestController
@RequestMapping(ApiToken.SESSION_PATH)
@Tag(name = "Session")
class SessionController {
    private final ApiToken token;
    private final Sessions sessions;

    SessionController(ApiToken token, Sessions sessions) {
        this.token = token;
        this.sessions = sessions;
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
                    + "A wrong token is 403 WSAEACCES.")
    ResponseEntity<Void> open(@RequestBody Login login, HttpServletRequest request) {
        if (!token.required()) {
            throw new WsaException(WsaError.WSAEINVAL, "This service has no API token: nothing to log in to");
        }
        if (!token.matches(login.token())) {
            throw new WsaException(WsaError.WSAEACCES, "That is not this service's token (sendgate.api-token)");
        }
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE,
                cookie(request, sessions.open(), null).toString()).build();
    }

    @DeleteMapping
    @Operation(operationId = "closeSession", summary = "End this browser's session")
    ResponseEntity<Void> close(HttpServletRequest request) {
        ApiToken.sessionsOf(request).forEach(sessions::close);
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE,
                cookie(request, "", Duration.ZERO).toString()).build();
    }

    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder c = ResponseCookie.from(ApiToken.cookieName(request), value)
                .httpOnly(true).sameSite("Strict").path("/").secure(request.isSecure());
        return (maxAge == null ? c : c.maxAge(maxAge)).build();
    }
}
