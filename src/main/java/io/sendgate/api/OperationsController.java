package io.sendgate.api;

import io.sendgate.config.EventsProperties;
import io.sendgate.core.Futures;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Limits;
import io.sendgate.core.MultipleWait;
import io.sendgate.core.OperationKind;
import io.sendgate.core.Waits;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

@RestController
@RequestMapping("/api/v1/operations")
@Tag(name = "Operations")
class OperationsController {
    private final CompletionLog log;
    private final Limits limits;
    private final EventsProperties events;
    private final Waits waits;

    OperationsController(CompletionLog log, Limits limits, EventsProperties events, Waits waits) {
        this.log = log;
        this.limits = limits;
        this.events = events;
        this.waits = waits;
    }

    @GetMapping("/{operationId}")
    @Operation(operationId = "getOperation", summary = "WSAGetOverlappedResult",
            description = "Without waitMs: fWait FALSE, a pending operation reads WSA_IO_INCOMPLETE (996). "
                    + "With waitMs: fWait TRUE, bounded: the answer comes when it ends or the wait runs out.")
    CompletableFuture<OperationResponse> get(@Parameter(example = "1") @PathVariable long operationId,
                          @Parameter(description = "Wait up to this many ms for it to end", example = "1000")
                          @RequestParam(required = false) Long waitMs) {
        io.sendgate.core.Operation op = Operations.find(log, operationId);
        if (waitMs == null) {
            return CompletableFuture.completedFuture(OperationResponse.polled(op));
        }
        Duration wait = limits.boundedWait(waitMs, "waitMs");
        return Futures.then(MultipleWait.one(waits, op, wait), OperationResponse::polled);
    }

    @GetMapping(value = "/{operationId}/data", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "getOperationData", summary = "A receive's bytes, raw",
            description = "The bytes an ended receive put in its buffers, in buffer order. A send has none "
                    + "(400 WSAEINVAL); a receive still pending answers 409 WSA_IO_INCOMPLETE.")
    ResponseEntity<byte[]> data(@Parameter(example = "1") @PathVariable long operationId) {
        io.sendgate.core.Operation op = Operations.find(log, operationId);
        if (op.kind() != OperationKind.RECEIVE) {
            throw new WsaException(WsaError.WSAEINVAL, "Operation " + operationId + " is a send; only receives have data",
                    op.socketId(), operationId, 0);
        }
        byte[] data = op.data();
        if (data == null) {
            throw new WsaException(WsaError.WSA_IO_INCOMPLETE, "Operation " + operationId + " is still pending",
                    op.socketId(), operationId, 0);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(data);
    }

    @PostMapping("/wait")
    @Operation(operationId = "waitForOperations", summary = "WSAWaitForMultipleEvents",
            description = "Answers as soon as one of the operations has ended (waitAll false: every one already ended "
                    + "is listed) or when all have (waitAll true), or when timeoutMs ran out (timedOut true). "
                    + "Unknown ids: 404 WSA_INVALID_HANDLE; ids no longer retained: 410.")
    CompletableFuture<WaitResponse> waitForMultiple(@RequestBody WaitRequest request) {
        List<Long> ids = request.operationIds();
        if (ids == null || ids.isEmpty() || ids.contains(null)) {
            throw new WsaException(WsaError.WSAEINVAL, "operationIds must name at least one operation");
        }
        if (ids.size() > events.maxWaitOperations()) {
            throw new WsaException(WsaError.WSAEINVAL, "A wait names at most " + events.maxWaitOperations()
                    + " operations (sendgate.events.max-wait-operations), not " + ids.size());
        }
        Duration timeout = request.timeoutMs() == null ? limits.maxWait() : limits.boundedWait(request.timeoutMs(), "timeoutMs");
        List<io.sendgate.core.Operation> operations = new ArrayList<>();
        for (long id : new LinkedHashSet<>(ids)) {
            operations.add(Operations.find(log, id));
        }
        boolean waitAll = Boolean.TRUE.equals(request.waitAll());
        return Futures.then(MultipleWait.start(waits, operations, waitAll, timeout), WaitResponse::of);
    }
}
