package io.sendgate.api;

import io.sendgate.core.Futures;
import io.sendgate.core.Limits;
import io.sendgate.core.SocketPool;
import io.sendgate.core.Waits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

@RestController
@RequestMapping("/api/v1/sockets/{socketId}")
@Tag(name = "Capture")
class CaptureController {
    private static final long DEFAULT_EXPECT_MS = 5_000;

    private final SocketPool pool;
    private final Waits waits;
    private final Limits limits;

    CaptureController(SocketPool pool, Waits waits, Limits limits) {
        this.pool = pool;
        this.waits = waits;
        this.limits = limits;
    }

    @GetMapping(value = "/received", produces = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(operationId = "received", summary = "Captured bytes, by offset",
            description = "The bytes a capturing socket received from stream offset `from` on, once at least `minBytes` "
                    + "of them are there, the stream ended, or `timeoutMs` passed (then with what is there). Raw, with "
                    + "headers Sendgate-From, Sendgate-To and Sendgate-Eof (and Sendgate-Error, the WSA code, when the stream "
                    + "failed, or WSAEINTR when the socket was closed while this waited); as JSON with Accept: application/json. Asking "
                    + "from an offset releases the bytes before it, which lets the capture read on when its buffer was full.",
            responses = @ApiResponse(responseCode = "200", description = "The bytes", content = {
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = CapturedBytes.class))}))
    CompletableFuture<ResponseEntity<?>> received(@Parameter(example = "s-1") @PathVariable String socketId,
                                                  @RequestParam(defaultValue = "0") long from,
                                                  @RequestParam(defaultValue = "1") long minBytes,
                                                  @RequestParam(defaultValue = "0") long timeoutMs,
                                                  @org.springframework.web.bind.annotation.RequestHeader(value = "Accept", required = false) String accept) {
        Duration timeout = limits.boundedWait(timeoutMs, "timeoutMs");
        boolean json = accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE)
                && !accept.contains(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        return Futures.then(pool.get(socketId).capture().received(from, minBytes, timeout, waits), s -> json
                ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(CapturedBytes.of(s))
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .header("Sendgate-From", Long.toString(s.from()))
                        .header("Sendgate-To", Long.toString(s.to()))
                        .header("Sendgate-Eof", Boolean.toString(s.eof()))
                        .headers(h -> {
                            if (s.error() != null) {
                                h.set("Sendgate-Error", s.error().name());
                            }
                        })
                        .body(s.bytes()));
    }

    @PostMapping(value = "/expect", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "expect", summary = "Wait until the captured bytes contain a pattern",
            description = "200 with where the pattern starts (offset) and ends (end), and the bytes from `from` to its end. "
                    + "504 WSAETIMEDOUT when it did not arrive in time, and 409 WSAEDISCON (or the stream's failure) when the "
                    + "stream ended without it; both carry what did arrive (receivedBytes, base64, text).")
    CompletableFuture<CapturedBytes> expect(@Parameter(example = "s-1") @PathVariable String socketId,
                                            @RequestBody ExpectRequest request) {
        var pattern = request.pattern();
        long from = request.from() == null ? 0 : request.from();
        Duration timeout = limits.boundedWait(request.timeoutMs() == null
                ? Math.min(DEFAULT_EXPECT_MS, limits.maxWait().toMillis()) : request.timeoutMs(), "timeoutMs");
        return Futures.then(pool.get(socketId).capture().expect(pattern, from, timeout, waits), CapturedBytes::of);
    }
}
