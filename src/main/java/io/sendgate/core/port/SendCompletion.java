package io.sendgate.core.port;

import io.sendgate.core.WsaError;

/**
 * Where a driver reports the end of a pending send, on its completion thread and without holding any
 * lock of its own (so the core may start the socket's next send from inside the call).
 */
@FunctionalInterface
public interface SendCompletion {
    /**
     * @param bytesTransferred bytes the transport took
     * @param error            null when every byte went, otherwise why the send ended early
     */
    void completed(long bytesTransferred, WsaError error);
}
