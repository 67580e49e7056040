package io.sendgate.api;

import io.sendgate.core.CompletionLog;
import io.sendgate.core.Limits;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@RestController
@RequestMapping("/api/v1/operations")
@Tag(name = "Operations")
class OperationsController {
    private final CompletionLog log;
    private final Limits limits;

    OperationsController(CompletionLog log, Limits limits) {
        this.log = log;
        this.limits = limits;
    }

    @GetMapping("/{operationId}")
    @Operation(summary = "WSAGetOverlappedResult",
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
}
