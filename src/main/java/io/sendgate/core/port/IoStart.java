package io.sendgate.core.port;

import io.sendgate.core.WsaError;

/**
 * What starting an overlapped send or receive gave: WSASend's or WSARecv's return 0 (completed now),
 * SOCKET_ERROR with WSA_IO_PENDING (pending: exactly one {@link IoCompletion} call follows), or any other
 * code (failed: nothing follows). A failure may still carry bytes: a send that went part-way, or a
 * datagram truncated to the receive's buffers (WSAEMSGSIZE).
 */
public record IoStart(Outcome outcome, long bytesTransferred, Failure failure) {
    public enum Outcome { COMPLETED, PENDING, FAILED }

    public static IoStart completed(long bytes) {
        return new IoStart(Outcome.COMPLETED, bytes, null);
    }

    public static IoStart pending() {
        return new IoStart(Outcome.PENDING, 0, null);
    }

    public static IoStart failed(Failure failure, long bytes) {
        return new IoStart(Outcome.FAILED, bytes, failure);
    }

    public static IoStart failed(WsaError error, long bytes) {
        return failed(Failure.of(error), bytes);
    }
}
