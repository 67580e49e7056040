package io.sendgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sendgate.core.Operation;
import io.sendgate.core.OperationStatus;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.SendFlag;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * An operation as WSAGetOverlappedResult would describe it. {@code id} is absent for a non-overlapped
 * send, which is not an operation one can read later.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationResponse(
        Long id,
        String socketId,
        OperationStatus status,
        boolean overlapped,
        long bytesTransferred,
        long totalBytes,
        int bufferCount,
        List<SendFlag> flags,
        String wsaError,
        Integer wsaCode,
        @Schema(description = "Why it failed, in the platform's words (e.g. the errno and its text)") String detail,
        Instant submittedAt,
        Instant completedAt) {

    /** As read later: a pending operation says WSA_IO_INCOMPLETE (C15). */
    static OperationResponse polled(Operation op) {
        return of(op, op.isPending(), WsaError.WSA_IO_INCOMPLETE);
    }

    /**
     * As WSASend answered (C11): when it answered WSA_IO_PENDING the answer says PENDING, even if the
     * operation ended a moment later; reading it afterwards tells how it ended.
     */
    static OperationResponse submitted(Operation op, boolean pending) {
        return of(op, pending, WsaError.WSA_IO_PENDING);
    }

    private static OperationResponse of(Operation op, boolean pending, WsaError whilePending) {
        Failure failure = pending ? null : op.failure();
        WsaError error = pending ? whilePending : failure == null ? null : failure.error();
        return new OperationResponse(op.overlapped() ? op.id() : null, op.socketId(),
                pending ? OperationStatus.PENDING : op.status(), op.overlapped(),
                pending ? 0 : op.bytesTransferred(), op.totalBytes(), op.bufferCount(),
                op.flags().stream().sorted().toList(),
                error == null ? null : error.name(), error == null ? null : error.code(),
                failure == null ? null : failure.detail(),
                op.submittedAt(), pending ? null : op.completedAt());
    }
}
