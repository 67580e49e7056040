package io.sendgate.core;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

import java.time.Instant;

/** A consistent picture of one pooled socket, taken under its lock (C4, C5). */
public record SocketView(
        String id,
        SocketKind kind,
        SocketState state,
        Endpoint local,
        Endpoint remote,
        SocketAttributes attributes,
        SocketOptions effectiveOptions,
        Integer maxMessageSize,
        String acceptedFrom,
        Instant openedAt,
        WsaError lastError,
        Stats stats) {

    /**
     * @param sends             sends that did not fail synchronously
     * @param bytesSent         bytes the transport took
     * @param pendingOperations sends accepted and not yet ended
     * @param failedSends       sends that failed, synchronously or later
     * @param abortedOperations operations ended by cancel or close
     */
    public record Stats(long sends, long bytesSent, int pendingOperations, long failedSends, long abortedOperations) {
    }
}
