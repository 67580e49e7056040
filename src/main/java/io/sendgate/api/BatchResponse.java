package io.sendgate.api;

import io.sendgate.core.CallOutcome;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.List;

/** The answer to a batch of sends: each send's operation, in the order they were queued. */
@Schema(description = "The operations of a batch, in order: entries, then repetitions")
public record BatchResponse(List<OperationResponse> operations) {
    /** 200 when every send completed at once, 202 when any is still pending. */
    static ResponseEntity<BatchResponse> answer(List<CallOutcome> outcomes) {
        boolean pending = outcomes.stream().anyMatch(CallOutcome::pending);
        List<OperationResponse> operations = outcomes.stream()
                .map(o -> OperationResponse.submitted(o.operation(), o.pending())).toList();
        return ResponseEntity.status(pending ? HttpStatus.ACCEPTED : HttpStatus.OK).body(new BatchResponse(operations));
    }
}
