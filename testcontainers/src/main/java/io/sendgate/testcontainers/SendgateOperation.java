package io.sendgate.testcontainers;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.List;

/**
 * A send or a receive as the service describes it (WSAGetOverlappedResult's view). {@code id} is null for a
 * non-overlapped call, which cannot be read again; {@code wsaError}/{@code wsaCode} are set while it is
 * pending and when it failed. An ended receive has its bytes in {@code data} and the flags WSARecv reported in
 * {@code resultFlags}; 0 bytes on a stream means the peer closed it.
 */
public record SendgateOperation(
        Long id,
        String socketId,
        Kind kind,
        Status status,
        boolean overlapped,
        long bytesTransferred,
        long totalBytes,
        int bufferCount,
        List<String> flags,
        List<String> resultFlags,
        byte[] data,
        String wsaError,
        Integer wsaCode,
        String detail,
        Instant submittedAt,
        Instant completedAt) {

    public enum Status {
        PENDING, COMPLETED, FAILED, ABORTED,
        /** A status this version of the module does not know yet. */
        @JsonEnumDefaultValue UNKNOWN
    }

    public enum Kind {
        /** WSASend. */
        SEND,
        /** WSARecv. */
        RECEIVE,
        /** A kind this version of the module does not know yet. */
        @JsonEnumDefaultValue UNKNOWN
    }

    public boolean isPending() {
        return status == Status.PENDING;
    }

    public boolean isCompleted() {
        return status == Status.COMPLETED;
    }
}
