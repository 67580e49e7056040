package io.sendgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sendgate.core.SocketView;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Endpoint;

import java.time.Instant;

/** A socket of the pool (C4, C5). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SocketResponse(
        String id,
        String type,
        String state,
        String localAddress,
        Integer localPort,
        String remoteAddress,
        Integer remotePort,
        boolean overlapped,
        boolean nonBlocking,
        Long sendTimeoutMs,
        Long receiveTimeoutMs,
        boolean capture,
        @io.swagger.v3.oas.annotations.media.Schema(description = "A capturing socket: the stream offset capture has reached (bytes captured so far)")
        Long capturedBytes,
        Integer sendBufferBytes,
        Boolean noDelay,
        Boolean keepAlive,
        Integer maxMessageSize,
        String acceptedFrom,
        Instant openedAt,
        String lastError,
        Integer lastErrorCode,
        SocketView.Stats stats) {

    static SocketResponse of(SocketView v) {
        Endpoint local = v.local();
        Endpoint remote = v.remote();
        WsaError last = v.lastError();
        return new SocketResponse(v.id(), v.kind().name(), v.state().name(),
                local == null ? null : local.host(), local == null ? null : local.port(),
                remote == null ? null : remote.host(), remote == null ? null : remote.port(),
                v.attributes().overlapped(), v.attributes().nonBlocking(),
                millis(v.attributes().sendTimeout()), millis(v.attributes().receiveTimeout()),
                v.attributes().capture(), v.capturedBytes(),
                v.effectiveOptions().sendBufferBytes(), v.effectiveOptions().noDelay(), v.effectiveOptions().keepAlive(),
                v.maxMessageSize(), v.acceptedFrom(), v.openedAt(),
                last == null ? null : last.name(), last == null ? null : last.code(), v.stats());
    }

    private static Long millis(java.time.Duration d) {
        return d == null ? null : d.toMillis();
    }
}
