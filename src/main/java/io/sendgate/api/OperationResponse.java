package io.sendgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sendgate.core.Operation;
import io.sendgate.core.OperationStatus;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.SendFlag;

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
        Instant submittedAt,
        Instant completedAt) {

    /** As read later: a pending operation says WSA_IO_INCOMPLETE (C15). */
    static OperationResponse polled(Operation op) {
        return of(op, WsaError.WSA_IO_INCOMPLETE);
    }

    /** As WSASend answered: a pending operation says WSA_IO_PENDING (C11). */
    static OperationResponse submitted(Operation op) {
        return of(op, WsaError.WSA_IO_PENDING);
    }

    private static OperationResponse of(Operation op, WsaError whilePending) {
        OperationStatus status = op.status();
        WsaError error = status == OperationStatus.PENDING ? whilePending : op.error();
        return new OperationResponse(op.overlapped() ? op.id() : null, op.socketId(), status, op.overlapped(),
                op.bytesTransferred(), op.totalBytes(), op.bufferCount(),
                op.flags().stream().sorted().toList(),
                error == null ? null : error.name(), error == null ? null : error.code(),
                op.submittedAt(), op.completedAt());
    }
}
