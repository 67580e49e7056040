package io.sendgate.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WSAWaitForMultipleEvents over operations (C16): ends as soon as any of them (or, with waitAll, every
 * one) has ended, or when the timeout runs out. Nothing waits on a thread meanwhile.
 */
public final class MultipleWait {
    /**
     * @param completed the operations that had ended when the wait ended, in the order they were named
     * @param pending   those still pending then
     * @param timedOut  true when the condition was not met within the timeout
     */
    public record Outcome(List<Operation> completed, List<Operation> pending, boolean timedOut) {
    }

    private MultipleWait() {
    }

    public static CompletableFuture<Outcome> start(List<Operation> operations, boolean waitAll, Duration timeout) {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("at least one operation");
        }
        CompletableFuture<?>[] done = operations.stream().map(Operation::done).toArray(CompletableFuture[]::new);
        CompletableFuture<Object> condition = waitAll
                ? CompletableFuture.allOf(done).thenApply(v -> v)
                : CompletableFuture.anyOf(done);
        return condition.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ignored -> snapshot(operations, waitAll));
    }

    /** Read after the condition or the timeout fired; the state itself says whether it was met. */
    private static Outcome snapshot(List<Operation> operations, boolean waitAll) {
        List<Operation> completed = new ArrayList<>();
        List<Operation> pending = new ArrayList<>();
        for (Operation op : operations) {
            (op.done().isDone() ? completed : pending).add(op);
        }
        boolean met = waitAll ? pending.isEmpty() : !completed.isEmpty();
        return new Outcome(List.copyOf(completed), List.copyOf(pending), !met);
    }
}
