package io.sendgate.core.port;

/**
 * Where a driver reports the end of a pending send, on its completion thread and without holding any
 * lock of its own (so the core may start the socket's next send from inside the call).
 */
@FunctionalInterface
public interface SendCompletion {
    /**
     * @param bytesTransferred bytes the transport took
     * @param failure          null when every byte went, otherwise why the send ended early
     */
    void completed(long bytesTransferred, Failure failure);
}
