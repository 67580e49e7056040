package io.sendgate.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The record of overlapped operations that polling, waiting and event streams all read: every pending
 * operation, and the ended ones in completion order (with the listeners' connection notices among them),
 * retained by count and age (C19).
 *
 * <p>Subscribers read the same ring of ended operations through a cursor; the log holds no copy per
 * subscriber. An event a live subscriber has not read yet stays in the ring past its retention (it is no
 * longer found by id), and a subscriber that falls more than its backlog limit behind is cut, so
 * subscribers cost the log at most their backlog limit each.
 *
 * <p>Operations are found by id in an index kept in id order, so a listing walks them newest first without
 * sorting anything ({@link #list}).
 */
public final class CompletionLog {
    /** What a lookup by id found. */
    public enum Presence { FOUND, GONE, UNKNOWN }

    private final Clock clock;
    private final ByteBudget budget;
    private final int retainedCount;
    /** In nanoseconds; a retention too long to count in them keeps for 146 years, which is as long. */
    private final long retentionNanos;
    private final AtomicLong lastId = new AtomicLong();
    /** Pending and retained operations by id: ids are given in the order operations are accepted. */
    private final OperationIndex byId = new OperationIndex();

    private final Object lock = new Object();
    private final RetainedEvents ring = new RetainedEvents();
    private final List<CompletionSubscription> subscribers = new ArrayList<>();
    /**
     * The subscribers as an array replaced whenever they change, so that an append wakes them after it let go
     * of the lock: a reader woken while the appender still holds it would run straight into it and block, and
     * then need a second wake-up from the appender's unlock (on a busy machine, milliseconds each).
     */
    private CompletionSubscription[] toWake = new CompletionSubscription[0];
    /** The oldest sequence retention keeps; older events in the ring are there only for subscribers. */
    private long retainedFrom = 1;
    private long lastSequence;
    /** Received bytes the ring's operations hold, counted in the budget. */
    private long heldBytes;

    public CompletionLog(Limits limits, Clock clock) {
        this(limits, clock, new ByteBudget(Long.MAX_VALUE));
    }

    /** @param budget where the received bytes the log retains are counted (C28), until they leave the ring */
    public CompletionLog(Limits limits, Clock clock, ByteBudget budget) {
        this.clock = clock;
        this.budget = budget;
        this.retainedCount = limits.retainedOperations();
        this.retentionNanos = nanos(limits.operationRetention());
        // received data past its retention is given back when the budget needs it, not only at the log's next use
        budget.reclaimWith(this::evictExpired);
    }

    /** Lets go of what retention no longer keeps (C19), and gives its received bytes back to the budget. */
    void evictExpired() {
        synchronized (lock) {
            evict(clock.instant());
        }
    }

    /** Gives a newly accepted overlapped operation its id and makes it readable. */
    void register(Operation op) {
        long id = lastId.incrementAndGet();
        op.assignId(id);
        byId.put(op);
    }

    /**
     * Records an operation's end. Called under its socket's lock, so one socket's completions are
     * numbered in the order they ended (C18). It never blocks on a subscriber: it only moves a
     * subscriber that is too far behind to its overflow and wakes the others' readers.
     */
    void append(Operation op) {
        CompletionSubscription[] readers;
        long held = heldBy(op);
        synchronized (lock) {
            if (held > 0) {
                budget.hold(held);
                heldBytes += held;
            }
            readers = add(LogEvent.of(++lastSequence, op), held);
        }
        wake(readers);
    }

    private static long heldBy(Operation op) {
        byte[] data = op.data();
        return data == null ? 0 : data.length;
    }

    /** Records a listener's connection notice (C40) among the completions. */
    void append(ConnectionNotice notice) {
        CompletionSubscription[] readers;
        synchronized (lock) {
            readers = add(LogEvent.of(++lastSequence, notice), 0);
        }
        wake(readers);
    }

    /**
     * Numbers the service's stop (C23): the id of the {@code shutdown} event every stream ends with. It is
     * a sequence of its own, so it is no completion's id, and a reader resuming from it (a stopped context
     * that starts again keeps its log) gets exactly what was logged after the stop. Readers skip it.
     *
     * @return its sequence
     */
    public long markStop() {
        CompletionSubscription[] readers;
        long stop;
        synchronized (lock) {
            stop = ++lastSequence;
            readers = add(LogEvent.stop(stop, clock.instant()), 0);
        }
        wake(readers);
        return stop;
    }

    /**
     * Called under {@link #lock}.
     *
     * @return the readers to wake once the lock is released, those cut by this append among them
     */
    private CompletionSubscription[] add(LogEvent event, long held) {
        CompletionSubscription[] readers = toWake;
        Instant at = event.at();
        ring.add(event, epochNanos(at), held);
        // a stop is never delivered: it puts no reader further behind
        if (!event.isStop() && subscribers.removeIf(s -> s.noteAppended(event.sequence()))) {
            subscribersChanged();
        }
        // the event's own instant was read from the clock a moment ago: a second reading per operation costs more
        evict(at);
        return readers;
    }

    /**
     * Not under the lock. A reader that subscribes after the append was taken starts past it; one that went
     * away meanwhile is not polling, and its wake-up is lost on nobody.
     */
    private static void wake(CompletionSubscription[] readers) {
        for (CompletionSubscription s : readers) {
            s.wake();
        }
    }

    /** Called under {@link #lock} after each change of {@link #subscribers}. */
    private void subscribersChanged() {
        toWake = subscribers.toArray(new CompletionSubscription[0]);
    }

    public Operation find(long id) {
        return byId.get(id);
    }

    public Presence presence(long id) {
        synchronized (lock) {
            evict(clock.instant());
        }
        if (byId.get(id) != null) {
            return Presence.FOUND;
        }
        return id > 0 && id <= lastId.get() ? Presence.GONE : Presence.UNKNOWN;
    }

    /** Retained events (ended operations, connection notices) with a sequence above {@code after}, oldest first. */
    public List<LogEvent> since(long after) {
        synchronized (lock) {
            evict(clock.instant());
            List<LogEvent> out = new ArrayList<>();
            for (long s = Math.max(after + 1, retainedFrom); s <= lastSequence; s++) {
                LogEvent e = ring.get(s);
                if (!e.isStop()) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    /**
     * The operations one can read by id (pending ones, and ended ones still retained) that pass
     * {@code filter}, newest first: by id, which is the order they were accepted in. At most {@code limit},
     * and only ids below {@code before} when it is given (the next page after a listing's last id).
     *
     * <p>The walk goes down the sorted ids from the newest and stops at the {@code limit}-th match, so it
     * sorts nothing and copies nothing; a filter that matches little walks at most every operation held,
     * which retention bounds (sendgate.limits.retained-operations, plus those pending), and the empty places
     * of the pages they are in ({@link OperationIndex}: one operation still pending keeps its page's 64).
     * It takes no lock.
     */
    public List<Operation> list(Predicate<Operation> filter, Long before, int limit) {
        synchronized (lock) {
            evict(clock.instant());
        }
        List<Operation> out = new ArrayList<>(Math.min(limit, 128));
        if (limit > 0) {
            byId.walkNewestFirst(before, op -> !filter.test(op) || out.add(op) && out.size() < limit);
        }
        return out;
    }

    /** The lowest sequence still retained, or the next one to come when none is. */
    public long oldestRetainedSequence() {
        synchronized (lock) {
            evict(clock.instant());
            return retainedFrom;
        }
    }

    public long lastSequence() {
        synchronized (lock) {
            return lastSequence;
        }
    }

    /**
     * Starts reading completions, atomically with respect to appends: nothing appended is both replayed
     * and delivered live, and nothing falls between the two.
     *
     * @param after      the last sequence the reader has seen (SSE {@code Last-Event-ID}), or null to read
     *                   only what ends from now on. When the events after it are no longer retained, or it
     *                   lies beyond the last sequence (the service restarted), the subscription starts at
     *                   the oldest retained event and reports the {@link CompletionSubscription.Gap}.
     * @param filter     which operations the reader wants
     * @param maxBacklog how many events appended after subscribing it may leave unread before it is cut
     */
    public CompletionSubscription subscribe(Long after, Predicate<LogEvent> filter, int maxBacklog) {
        synchronized (lock) {
            evict(clock.instant());
            long cursor = after == null ? lastSequence : after;
            CompletionSubscription.Gap gap = null;
            if (after != null && (after < retainedFrom - 1 || after > lastSequence)) {
                gap = new CompletionSubscription.Gap(after, retainedFrom, lastSequence);
                cursor = retainedFrom - 1;
            }
            CompletionSubscription s = new CompletionSubscription(this, filter, maxBacklog, cursor, lastSequence, gap);
            subscribers.add(s);
            subscribersChanged();
            return s;
        }
    }

    /** The received bytes retained operations hold (C41), part of what the budget counts. */
    public long heldBytes() {
        synchronized (lock) {
            return heldBytes;
        }
    }

    /** Subscribers still reading (cut and closed ones excluded). */
    public int subscriberCount() {
        synchronized (lock) {
            return subscribers.size();
        }
    }

    /** Events in the ring, retained or kept for a subscriber that has not read them yet. */
    public int heldEvents() {
        synchronized (lock) {
            return ring.size();
        }
    }

    /**
     * Hands a subscriber the events after its cursor that pass its filter, at most {@code max}, and
     * moves its cursor past what it looked at; it also tells the subscriber whether that was everything
     * appended so far (when finishing: up to where it ends), so that a reader going idle takes the lock once.
     *
     * @return the events (possibly none), or null when the subscription no longer reads
     */
    List<LogEvent> read(CompletionSubscription s, int max) {
        synchronized (lock) {
            if (!subscribers.contains(s)) {
                return null;
            }
            List<LogEvent> out = new ArrayList<>();
            long next = s.cursor() + 1;
            // The scan is bounded too, so a filtered reader far behind holds the lock only briefly.
            long scanEnd = Math.min(lastSequence, next + Math.max(max, 1) * 16L - 1);
            // a stream that is finishing reads up to the stop, and the stop's number ends it
            scanEnd = Math.min(scanEnd, s.finishAt());
            for (; next <= scanEnd && out.size() < max; next++) {
                LogEvent e = ring.get(next);
                if (!e.isStop() && s.wants(e)) {
                    out.add(e);
                }
            }
            s.advance(next - 1, next - 1 >= Math.min(lastSequence, s.finishAt()));
            evict(clock.instant());
            return out;
        }
    }

    void remove(CompletionSubscription s) {
        synchronized (lock) {
            if (subscribers.remove(s)) {
                subscribersChanged();
            }
            evict(clock.instant());
        }
    }

    private void evict(Instant now) {
        long oldestKept = epochNanos(now) - retentionNanos;
        while (retainedFrom <= lastSequence) {
            boolean tooMany = lastSequence - retainedFrom + 1 > retainedCount;
            if (!tooMany && ring.atNanos(retainedFrom) >= oldestKept) {
                break;
            }
            long operationId = ring.operationId(retainedFrom);
            if (operationId != 0) {
                byId.remove(operationId);
            }
            retainedFrom++;
        }
        long unread = retainedFrom;
        for (CompletionSubscription s : subscribers) {
            unread = Math.min(unread, s.cursor() + 1);
        }
        while (ring.size() > 0 && ring.firstSequence() < unread) {
            long held = ring.removeOldest();
            if (held > 0) {
                budget.release(held);
                heldBytes -= held;
            }
        }
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static long epochNanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
