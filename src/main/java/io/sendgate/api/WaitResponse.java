package io.sendgate.api;

import io.sendgate.core.MultipleWait;
import io.sendgate.core.Operation;

import java.util.List;

/**
 * What a multiple wait found (C16).
 *
 * @param completed the operations that had ended, in the order they were named
 * @param pending   those still pending
 * @param timedOut  true when the wait ran out before its condition was met (WSA_WAIT_TIMEOUT)
 */
public record WaitResponse(List<Long> completed, List<Long> pending, boolean timedOut) {

    static WaitResponse of(MultipleWait.Outcome outcome) {
        return new WaitResponse(outcome.completed().stream().map(Operation::id).toList(),
                outcome.pending().stream().map(Operation::id).toList(), outcome.timedOut());
    }
}
