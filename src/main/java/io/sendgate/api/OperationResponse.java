package io.sendgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sendgate.core.CallOutcome;
import io.sendgate.core.Operation;
import io.sendgate.core.OperationKind;
import io.sendgate.core.OperationStatus;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Failure;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * An operation as WSAGetOverlappedResult would describe it. {@code id} is absent for a non-overlapped
 * send or receive, which is not an operation one can read later.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationResponse(
        Long id,
        String socketId,
        @Schema(description = "SEND (WSASend) or RECEIVE (WSARecv)") OperationKind kind,
        OperationStatus status,
        boolean overlapped,
        @Schema(description = "Bytes the transport took (a send) or that arrived in the buffers (a receive); while "
                + "pending 0, except for a streamed send: the bytes that went out so far") long bytesTransferred,
        @Schema(description = "The buffers' total length; for a streamed send without Content-Length, the bytes its "
                + "body brought so far") long totalBytes,
        int bufferCount,
        @Schema(description = "The flags it was called with: MSG_OOB, MSG_DONTROUTE, MSG_PARTIAL for a send; MSG_OOB, MSG_PEEK, MSG_WAITALL for a receive") List<String> flags,
        @Schema(description = "An ended receive: the flags WSARecv reported (MSG_OOB when it read urgent data)") List<String> resultFlags,
        @Schema(description = "An ended receive: its bytes, base64; raw at /api/v1/operations/{id}/data", format = "byte") byte[] data,
        @Schema(description = "In an event: true when the receive's bytes are more than an event carries ("
                + SseFormat.EVENT_DATA_BYTES + "); in a listing (GET /api/v1/operations): true for every ended receive, "
                + "whose bytes a listing leaves out. Read them at /api/v1/operations/{id}/data") Boolean dataOmitted,
        String wsaError,
        Integer wsaCode,
        @Schema(description = "Why it failed, in the platform's words (e.g. the errno and its text)") String detail,
        Instant submittedAt,
        Instant completedAt) {

    /**
     * 200 when WSASend or WSARecv completed (or a non-blocking call moved what it could), 202 with Location
     * when pending.
     */
    static ResponseEntity<OperationResponse> answer(CallOutcome outcome) {
        Operation op = outcome.operation();
        OperationResponse body = submitted(op, outcome.pending());
        if (!op.overlapped()) {
            return ResponseEntity.ok(body);
        }
        URI location = URI.create("/api/v1/operations/" + op.id());
        return outcome.pending()
                ? ResponseEntity.status(HttpStatus.ACCEPTED).location(location).body(body)
                : ResponseEntity.ok().location(location).body(body);
    }

    /** As read later: a pending operation says WSA_IO_INCOMPLETE (C15). */
    static OperationResponse polled(Operation op) {
        return of(op, op.isPending(), WsaError.WSA_IO_INCOMPLETE, true);
    }

    /**
     * As a listing shows it: read later, without a receive's {@code data}, so that a listing's size is
     * bounded by its count and not by the bytes received (they are at /api/v1/operations/{id}/data).
     */
    static OperationResponse listed(Operation op) {
        return of(op, op.isPending(), WsaError.WSA_IO_INCOMPLETE, false);
    }

    /**
     * As an event carries it (C46): as read later, except that a receive's bytes are left out past
     * {@link SseFormat#EVENT_DATA_BYTES}, so that a stream replaying large receives never holds their bytes
     * as text, once per subscriber (C39); they stay readable at /data while retained.
     */
    static OperationResponse inEvent(Operation op) {
        OperationResponse r = polled(op);
        if (r.data() == null || r.data().length <= SseFormat.EVENT_DATA_BYTES) {
            return r;
        }
        return new OperationResponse(r.id(), r.socketId(), r.kind(), r.status(), r.overlapped(), r.bytesTransferred(),
                r.totalBytes(), r.bufferCount(), r.flags(), r.resultFlags(), null, true, r.wsaError(), r.wsaCode(),
                r.detail(), r.submittedAt(), r.completedAt());
    }

    /**
     * As WSASend answered (C11): when it answered WSA_IO_PENDING the answer says PENDING, even if the
     * operation ended a moment later; reading it afterwards tells how it ended.
     */
    static OperationResponse submitted(Operation op, boolean pending) {
        return of(op, pending, WsaError.WSA_IO_PENDING, true);
    }

    private static OperationResponse of(Operation op, boolean pending, WsaError whilePending, boolean withData) {
        Failure failure = pending ? null : op.failure();
        WsaError error = pending ? whilePending : failure == null ? null : failure.error();
        boolean received = op.kind() == OperationKind.RECEIVE && !pending;
        return new OperationResponse(op.overlapped() ? op.id() : null, op.socketId(), op.kind(),
                pending ? OperationStatus.PENDING : op.status(), op.overlapped(),
                pending ? op.pendingBytes() : op.bytesTransferred(), op.totalBytes(), op.bufferCount(),
                op.flagNames(), received ? resultFlags(op) : null, received && withData ? op.data() : null,
                received && !withData ? Boolean.TRUE : null,
                error == null ? null : error.name(), error == null ? null : error.code(),
                failure == null ? null : failure.detail(),
                op.submittedAt(), pending ? null : op.completedAt());
    }

    /** Winsock reports MSG_OOB when the receive read urgent data; a datagram's truncation is not MSG_PARTIAL (C43). */
    private static List<String> resultFlags(Operation op) {
        return op.flagNames().contains("MSG_OOB") && op.bytesTransferred() > 0 ? List.of("MSG_OOB") : List.of();
    }
}
