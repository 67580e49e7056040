package io.sendgate.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Waits on operations (C15, C16): WSAGetOverlappedResult with fWait TRUE on one, and
 * WSAWaitForMultipleEvents on several, which ends as soon as any of them (or, with waitAll, every one)
 * has ended, or when the timeout runs out. Nothing waits on a thread meanwhile, and each is one bounded
 * wait of {@link Waits} (C38).
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

    /** The operation once it ended, or as it is when the timeout ran out. */
    public static CompletableFuture<Operation> one(Waits waits, Operation op, Duration timeout) {
        if (!op.isPending() || timeout.isZero()) {
            return CompletableFuture.completedFuture(op);
        }
        return waits.within(waits.take(Waits.Kind.OPERATION), op.done(), timeout,
                () -> CompletableFuture.completedFuture(op));
    }

    public static CompletableFuture<Outcome> start(Waits waits, List<Operation> operations, boolean waitAll,
                                                   Duration timeout) {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("at least one operation");
        }
        Waits.Slot slot = waits.take(Waits.Kind.OPERATION);
        CompletableFuture<?>[] done = operations.stream().map(Operation::done).toArray(CompletableFuture[]::new);
        CompletableFuture<Object> condition = waitAll
                ? CompletableFuture.allOf(done).thenApply(v -> v)
                : CompletableFuture.anyOf(done);
        return waits.within(slot, condition, timeout, () -> CompletableFuture.completedFuture(null))
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
