package io.sendgate.api;

import io.sendgate.config.EventsProperties;
import io.sendgate.core.Futures;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Limits;
import io.sendgate.core.MultipleWait;
import io.sendgate.core.OperationKind;
import io.sendgate.core.OperationStatus;
import io.sendgate.core.SocketPool;
import io.sendgate.core.Waits;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
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
import java.util.Set;

@RestController
@RequestMapping("/api/v1/operations")
@Tag(name = "Operations")
class OperationsController {
    private final CompletionLog log;
    private final Limits limits;
    private final EventsProperties events;
    private final Waits waits;

    private final SocketPool pool;

    OperationsController(CompletionLog log, Limits limits, EventsProperties events, Waits waits, SocketPool pool) {
        this.log = log;
        this.limits = limits;
        this.events = events;
        this.waits = waits;
        this.pool = pool;
    }

    /** How many operations a listing answers when it does not say. */
    static final int DEFAULT_LIMIT = 100;
    /** The most one listing answers: its JSON is built in the heap. The next page: {@code before}. */
    static final int MAX_LIMIT = 1000;

    @GetMapping
    @Operation(operationId = "listOperations", summary = "The retained operations, newest first",
            description = "Pending operations and ended ones still retained (sendgate.limits.retained-operations, "
                    + "operation-retention), newest first: by id, the order they were accepted. Filters combine: an "
                    + "operation is listed when it matches every filter given, and one of the values of a repeated one. "
                    + "At most `limit` (default " + DEFAULT_LIMIT + ", at most " + MAX_LIMIT + "); for the next page, "
                    + "`before` the last id listed. A receive's `data` is left out (read it at /api/v1/operations/{id} "
                    + "or /api/v1/operations/{id}/data). A `socketId` the pool never gave out is 404 WSAENOTSOCK; a "
                    + "closed socket's id lists its retained operations. Unknown `status` or `kind` values, and a "
                    + "`limit` outside 1.." + MAX_LIMIT + ", are 400 WSAEINVAL.")
    List<OperationResponse> list(
            @Parameter(description = "Only these sockets' operations (repeatable)", example = "s-1")
            @RequestParam(required = false) List<String> socketId,
            @Parameter(description = "Only operations in these states (repeatable)")
            @RequestParam(required = false) List<OperationStatus> status,
            @Parameter(description = "Only sends (SEND) or only receives (RECEIVE)")
            @RequestParam(required = false) List<OperationKind> kind,
            @Parameter(description = "At most this many, 1.." + MAX_LIMIT, example = "100")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "Only operations with an id below this one: the next page after a listing's last id")
            @RequestParam(required = false) Long before,
            HttpServletRequest request) {
        Set<String> sockets = filterValues(request, socketId, "socketId", "a socket id");
        Set<OperationStatus> statuses = filterValues(request, status, "status", ExpectedValues.of(OperationStatus.class));
        Set<OperationKind> kinds = filterValues(request, kind, "kind", ExpectedValues.of(OperationKind.class));
        sockets.forEach(pool::requireIssued);
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw new WsaException(WsaError.WSAEINVAL, "limit must be 1.." + MAX_LIMIT + " (the most one listing "
                    + "answers), not " + limit + "; for more, list again with before=<the last id listed>");
        }
        return log.list(op -> (sockets.isEmpty() || sockets.contains(op.socketId()))
                        && (kinds.isEmpty() || kinds.contains(op.kind()))
                        && (statuses.isEmpty() || statuses.contains(op.status())),
                before, max).stream().map(OperationResponse::listed)
                // one that ended between the walk and its answer no longer matches: left out, never shown as it was
                .filter(r -> statuses.isEmpty() || statuses.contains(r.status()))
                .toList();
    }

    /**
     * A repeatable filter's values. An empty one ({@code ?status=}) names nothing: it is refused rather than
     * taken for no filter (Spring would drop it).
     */
    private static <T> Set<T> filterValues(HttpServletRequest request, List<T> given, String name, String expected) {
        String[] raw = request.getParameterValues(name);
        if (raw != null && java.util.Arrays.stream(raw).anyMatch(String::isBlank) || given != null && given.contains(null)) {
            throw new WsaException(WsaError.WSAEINVAL, "Query parameter '" + name + "' must be " + expected + ", not empty");
        }
        return given == null ? Set.of() : Set.copyOf(given);
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
                    + "(400 WSAEINVAL); a receive still pending answers 409 WSA_IO_INCOMPLETE.",
            responses = @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The bytes",
                    content = @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))))
    void data(@Parameter(example = "1") @PathVariable long operationId, jakarta.servlet.http.HttpServletRequest request,
              jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
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
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        // up to 64 MiB: written as the client takes it, so one that never reads holds no thread
        NonBlockingBody.send(request, response, data, limits.maxWait());
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
