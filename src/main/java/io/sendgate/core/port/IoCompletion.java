package io.sendgate.core.port;

/**
 * Where a driver reports the end of a pending send or receive, on its completion thread and without
 * holding any lock of its own (so the core may start the socket's next operation from inside the call).
 */
@FunctionalInterface
public interface IoCompletion {
    /**
     * @param bytesTransferred bytes the transport took (a send) or put in the buffers (a receive)
     * @param failure          null when the operation succeeded, otherwise why it ended (a truncated
     *                         datagram's WSAEMSGSIZE comes with the bytes that fit)
     */
    void completed(long bytesTransferred, Failure failure);
}
