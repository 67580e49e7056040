package io.sendgate.core;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

import java.time.Instant;

/**
 * A consistent picture of one pooled socket, taken under its lock (C4, C5); {@code capturedBytes} is the
 * stream offset capture has reached (C44), null when it does not capture.
 */
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
        Stats stats,
        Long capturedBytes) {

    /**
     * @param sends             sends that did not fail synchronously
     * @param bytesSent         bytes the transport took
     * @param pendingOperations sends and receives accepted and not yet ended
     * @param failedSends       sends that failed, synchronously or later
     * @param abortedOperations operations ended by cancel or close
     * @param receives          receives that did not fail synchronously
     * @param bytesReceived     bytes that arrived in receives' buffers (capture's included)
     * @param failedReceives    receives that failed, synchronously or later
     */
    public record Stats(long sends, long bytesSent, int pendingOperations, long failedSends, long abortedOperations,
                        long receives, long bytesReceived, long failedReceives) {
    }
}
