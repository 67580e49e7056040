package io.sendgate.testcontainers;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

import java.time.Instant;
import java.util.List;

/**
 * A send as the service describes it (WSAGetOverlappedResult's view). {@code id} is null for a
 * non-overlapped send, which cannot be read again; {@code wsaError}/{@code wsaCode} are set while it is
 * pending and when it failed.
 */
public record SendgateOperation(
        Long id,
        String socketId,
        Status status,
        boolean overlapped,
        long bytesTransferred,
        long totalBytes,
        int bufferCount,
        List<String> flags,
        String wsaError,
        Integer wsaCode,
        Instant submittedAt,
        Instant completedAt) {

    public enum Status {
        PENDING, COMPLETED, FAILED, ABORTED,
        /** A status this version of the module does not know yet. */
        @JsonEnumDefaultValue UNKNOWN
    }

    public boolean isPending() {
        return status == Status.PENDING;
    }

    public boolean isCompleted() {
        return status == Status.COMPLETED;
    }
}
