package io.sendgate.core.port;

import io.sendgate.core.WsaError;

/**
 * What starting an overlapped send gave: WSASend's return 0 (completed now), SOCKET_ERROR with
 * WSA_IO_PENDING (pending: exactly one {@link SendCompletion} call follows), or any other code
 * (failed: nothing follows).
 */
public record SendStart(Outcome outcome, long bytesTransferred, Failure failure) {
    public enum Outcome { COMPLETED, PENDING, FAILED }

    public static SendStart completed(long bytes) {
        return new SendStart(Outcome.COMPLETED, bytes, null);
    }

    public static SendStart pending() {
        return new SendStart(Outcome.PENDING, 0, null);
    }

    public static SendStart failed(Failure failure, long bytes) {
        return new SendStart(Outcome.FAILED, bytes, failure);
    }

    public static SendStart failed(WsaError error, long bytes) {
        return failed(Failure.of(error), bytes);
    }
}
