package io.sendgate.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every wait the service does for a caller (C38): accepts, connects, bounded waits on operations and
 * blocking sends. None holds a thread: each is a future with a deadline on one timer thread, and each
 * kind is bounded in number, so whatever number of callers wait, the request threads stay free for
 * health, reads, DELETE, cancel and sends. Once the {@link ServiceGate} is shut no wait starts, and
 * {@link #close} ends those still running (C23).
 */
public final class Waits implements AutoCloseable {
    /** The kinds of wait, each with its own bound. */
    public enum Kind {
        ACCEPT("accepts"),
        CONNECT("connects"),
        OPERATION("waits on operations"),
        BLOCKING_SEND("blocking sends"),
        BLOCKING_RECEIVE("blocking receives"),
        /** Reads of captured bytes and expects waiting for them (C44). */
        CAPTURE("waits on captured bytes");

        private final String plural;

        Kind(String plural) {
            this.plural = plural;
        }
    }

    private final int maxPerKind;
    private final Map<Kind, AtomicInteger> inProgress = new EnumMap<>(Kind.class);
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private final ServiceGate gate;

    public Waits(int maxPerKind, ServiceGate gate) {
        if (maxPerKind < 1) {
            throw new IllegalArgumentException("sendgate.limits.max-waits must be at least 1");
        }
        this.maxPerKind = maxPerKind;
        this.gate = gate;
        for (Kind k : Kind.values()) {
            inProgress.put(k, new AtomicInteger());
        }
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sendgate-waits");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Takes a place for one wait of {@code kind}, or refuses at once (429 WSAEWOULDBLOCK) when the kind
     * is at its bound, and WSANOTINITIALISED once the service is stopping.
     */
    public Slot take(Kind kind) {
        gate.refuseWhenStopping();
        AtomicInteger count = inProgress.get(kind);
        if (count.incrementAndGet() > maxPerKind) {
            count.decrementAndGet();
            throw new WsaException(WsaError.WSAEWOULDBLOCK, maxPerKind + " " + kind.plural
                    + " are in progress (sendgate.limits.max-waits); try again when one has ended");
        }
        return new Slot(count);
    }

    /**
     * The answer of {@code source}, or of {@code onTimeout} once {@code timeout} has passed, whichever
     * comes first; the slot is given back when the answer is there.
     */
    public <T> CompletableFuture<T> within(Slot slot, CompletableFuture<T> source, Duration timeout,
                                           Supplier<CompletableFuture<T>> onTimeout) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        running.add(answer);
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            try {
                onTimeout.get().whenComplete((value, error) -> settle(answer, value, error));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        source.whenComplete((value, error) -> settle(answer, value, error));
        answer.whenComplete((v, e) -> {
            deadline.cancel(false);
            running.remove(answer);
            slot.release();
        });
        // looked at after it joined the running ones: a close that missed it came after the gate shut
        if (gate.stopping()) {
            answer.completeExceptionally(ServiceGate.stoppingFailure());
        }
        return answer;
    }

    private static <T> void settle(CompletableFuture<T> answer, T value, Throwable error) {
        if (error != null) {
            answer.completeExceptionally(error);
        } else {
            answer.complete(value);
        }
    }

    /** Runs {@code action} after {@code delay} on the timer thread. */
    public ScheduledFuture<?> later(Duration delay, Runnable action) {
        return timer.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    public int inProgress(Kind kind) {
        return inProgress.get(kind).get();
    }

    /**
     * C23: every wait still running ends now with WSANOTINITIALISED. Called once the gate is shut, so
     * none starts after it; when the gate opens again (a stopped context starts again) waits are taken again.
     */
    @Override
    public void close() {
        for (CompletableFuture<?> f : running.toArray(CompletableFuture[]::new)) {
            f.completeExceptionally(ServiceGate.stoppingFailure());
        }
    }

    /** A place held by one wait; given back once. */
    public static final class Slot {
        private final AtomicInteger count;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        private Slot(AtomicInteger count) {
            this.count = count;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                count.decrementAndGet();
            }
        }
    }
}
