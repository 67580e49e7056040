package io.sendgate.api;

import io.sendgate.config.EventsProperties;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Limits;
import io.sendgate.core.MultipleWait;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@RestController
@RequestMapping("/api/v1/operations")
@Tag(name = "Operations")
class OperationsController {
    private final CompletionLog log;
    private final Limits limits;
    private final EventsProperties events;

    OperationsController(CompletionLog log, Limits limits, EventsProperties events) {
        this.log = log;
        this.limits = limits;
        this.events = events;
    }

    @GetMapping("/{operationId}")
    @Operation(operationId = "getOperation", summary = "WSAGetOverlappedResult",
            description = "Without waitMs: fWait FALSE, a pending operation reads WSA_IO_INCOMPLETE (996). "
                    + "With waitMs: fWait TRUE, bounded: the answer comes when it ends or the wait runs out (C15).")
    OperationResponse get(@Parameter(example = "1") @PathVariable long operationId,
                          @Parameter(description = "Wait up to this many ms for it to end", example = "1000")
                          @RequestParam(required = false) Long waitMs) {
        io.sendgate.core.Operation op = Operations.find(log, operationId);
        if (waitMs != null) {
            if (waitMs < 0 || waitMs > limits.maxWait().toMillis()) {
                throw new WsaException(WsaError.WSAEINVAL, "waitMs must be 0.." + limits.maxWait().toMillis()
                        + " (sendgate.limits.max-wait)");
            }
            try {
                op.done().get(waitMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillPending) {
                // answered below as WSA_IO_INCOMPLETE
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return OperationResponse.polled(op);
    }

    @PostMapping("/wait")
    @Operation(operationId = "waitForOperations", summary = "WSAWaitForMultipleEvents",
            description = "Answers as soon as one of the operations has ended (waitAll false: every one already ended "
                    + "is listed) or when all have (waitAll true), or when timeoutMs ran out (timedOut true) (C16). "
                    + "Unknown ids: 404 WSA_INVALID_HANDLE; ids no longer retained: 410.")
    DeferredResult<WaitResponse> waitForMultiple(@RequestBody WaitRequest request) {
        List<Long> ids = request.operationIds();
        if (ids == null || ids.isEmpty() || ids.contains(null)) {
            throw new WsaException(WsaError.WSAEINVAL, "operationIds must name at least one operation");
        }
        if (ids.size() > events.maxWaitOperations()) {
            throw new WsaException(WsaError.WSAEINVAL, "A wait names at most " + events.maxWaitOperations()
                    + " operations (sendgate.events.max-wait-operations), not " + ids.size());
        }
        long maxMs = limits.maxWait().toMillis();
        long timeoutMs = request.timeoutMs() == null ? maxMs : request.timeoutMs();
        if (timeoutMs < 0 || timeoutMs > maxMs) {
            throw new WsaException(WsaError.WSAEINVAL, "timeoutMs must be 0.." + maxMs + " (sendgate.limits.max-wait)");
        }
        List<io.sendgate.core.Operation> operations = new ArrayList<>();
        for (long id : new LinkedHashSet<>(ids)) {
            operations.add(Operations.find(log, id));
        }
        boolean waitAll = Boolean.TRUE.equals(request.waitAll());
        // The container's own timeout comes well after ours, which always answers first.
        DeferredResult<WaitResponse> answer = new DeferredResult<>(timeoutMs + 30_000);
        MultipleWait.start(operations, waitAll, Duration.ofMillis(timeoutMs))
                .thenAccept(outcome -> answer.setResult(WaitResponse.of(outcome)));
        return answer;
    }
}
