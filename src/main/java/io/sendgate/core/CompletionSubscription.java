package io.sendgate.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * One reader of the {@link CompletionLog}: a cursor into the log's ring, a filter, and a bound on how
 * far behind it may fall. The log appends without waiting for it; the reader pulls on its own thread.
 * A reader more than {@code maxBacklog} events behind what was appended since it subscribed is cut: it
 * gets {@link Delivery.Kind#OVERFLOW} with its cursor, from which it may resume.
 */
public final class CompletionSubscription implements AutoCloseable {
    /**
     * Where a resume point could not be honoured: the events after {@code requestedAfter} are no
     * longer retained, or it lies beyond {@code lastSequence} (ids of an earlier run of the service).
     * Reading starts at {@code firstRetained}.
     */
    public record Gap(long requestedAfter, long firstRetained, long lastSequence) {
        public boolean ahead() {
            return requestedAfter > lastSequence;
        }
    }

    /**
     * What one poll gave: events, nothing within the wait, or the end of the subscription. {@code cursor}
     * is the last sequence the reader has been handed or skipped as filtered out: the resume point.
     */
    public record Delivery(Kind kind, List<LogEvent> events, long cursor) {
        public enum Kind {
            /** {@code events} holds at least one event. */
            EVENTS,
            /** Nothing arrived within the wait. */
            IDLE,
            /** The reader fell too far behind and was cut. */
            OVERFLOW,
            /**
             * {@link #finish()} was called and everything logged until then was handed out, or
             * {@link #finish(long)} and everything up to that sequence was; {@code cursor} is where it ended.
             */
            END,
            /** {@link #close()} was called. */
            CLOSED
        }
    }

    private final CompletionLog log;
    private final Predicate<LogEvent> filter;
    private final int maxBacklog;
    private final long startSequence;
    private final Gap gap;

    // Written only under the log's lock; volatile so that the reader and observers see them.
    private volatile long cursor;
    /** Whether the last read reached the end of what was appended then. */
    private volatile boolean caughtUp;
    private volatile long maxBacklogSeen;
    private volatile long backlogAtCut;

    private volatile boolean overflowed;
    private volatile boolean finishing;
    /** The sequence a {@link #finish(long)} ends at: nothing after it is read. */
    private volatile long finishAt = Long.MAX_VALUE;
    private volatile boolean closed;
    private volatile Thread waiter;

    CompletionSubscription(CompletionLog log, Predicate<LogEvent> filter, int maxBacklog, long cursor,
                           long startSequence, Gap gap) {
        if (maxBacklog < 1) {
            throw new IllegalArgumentException("maxBacklog must be at least 1");
        }
        this.log = log;
        this.filter = filter;
        this.maxBacklog = maxBacklog;
        this.cursor = cursor;
        this.startSequence = startSequence;
        this.gap = gap;
    }

    /** The resume point that could not be honoured, or null. */
    public Gap gap() {
        return gap;
    }

    /**
     * Waits up to {@code wait} for events and hands out at most {@code max} of them. Only one thread
     * may poll a subscription.
     */
    public Delivery poll(int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        waiter = Thread.currentThread();
        try {
            while (true) {
                if (closed) {
                    return new Delivery(Delivery.Kind.CLOSED, List.of(), cursor);
                }
                if (overflowed) {
                    return new Delivery(Delivery.Kind.OVERFLOW, List.of(), cursor);
                }
                // taken before the read: a finish that comes after it must not end the stream short of what the read missed
                boolean finishingBefore = finishing;
                List<LogEvent> events = log.read(this, max);
                if (events == null) {
                    return new Delivery(overflowed ? Delivery.Kind.OVERFLOW : Delivery.Kind.CLOSED, List.of(), cursor);
                }
                if (!events.isEmpty()) {
                    return new Delivery(Delivery.Kind.EVENTS, events, cursor);
                }
                if (!caughtUp) {
                    continue;
                }
                if (finishingBefore) {
                    log.remove(this);
                    // ended at a stop: that is where to resume, though it is no event of its own
                    return new Delivery(Delivery.Kind.END, List.of(), finishAt == Long.MAX_VALUE ? cursor : finishAt);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Delivery(Delivery.Kind.IDLE, List.of(), cursor);
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiter = null;
        }
    }

    /** Ends the subscription once everything logged so far was handed out (the service is stopping). */
    public void finish() {
        finishing = true;
        wake();
    }

    /**
     * Ends the subscription once everything up to {@code sequence} was handed out; later events are left
     * to whoever resumes from it. The service's stop ends its streams at the stop's own number
     * ({@link CompletionLog#markStop()}), and END then reports that number as the cursor.
     */
    public void finish(long sequence) {
        finishAt = sequence;
        finishing = true;
        wake();
    }

    /** Where a {@link #finish(long)} ends the reading; {@code Long.MAX_VALUE} when it was not called. */
    long finishAt() {
        return finishAt;
    }

    /** The reader is gone: stop at once and let the log forget this subscription. */
    @Override
    public void close() {
        closed = true;
        log.remove(this);
        wake();
    }

    public boolean overflowed() {
        return overflowed;
    }

    /** The most events this reader was ever behind by (counting from when it subscribed), before a cut. */
    public long maxBacklogSeen() {
        return maxBacklogSeen;
    }

    /** How far behind it was when it was cut; 0 when it was not. */
    public long backlogAtCut() {
        return backlogAtCut;
    }

    public int maxBacklog() {
        return maxBacklog;
    }

    /** The last sequence handed out or skipped as filtered out: the point to resume from. */
    public long cursor() {
        return cursor;
    }

    boolean wants(LogEvent event) {
        return filter.test(event);
    }

    /** Called under the log's lock, by a read that looked up to {@code newCursor}. */
    void advance(long newCursor, boolean reachedEnd) {
        cursor = newCursor;
        caughtUp = reachedEnd;
    }

    /**
     * Called under the log's lock for each append.
     *
     * @return true when this append puts the reader too far behind: it is cut and must be dropped
     */
    boolean noteAppended(long sequence) {
        long backlog = sequence - Math.max(cursor, startSequence);
        if (backlog > maxBacklog) {
            backlogAtCut = backlog;
            overflowed = true;
            return true;
        }
        maxBacklogSeen = Math.max(maxBacklogSeen, backlog);
        return false;
    }

    void wake() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
