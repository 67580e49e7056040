package io.sendgate.core;

/**
 * The completion events the log still retains, oldest first, in a ring that grows as needed. Sequences
 * are contiguous (the log numbers every event and evicts only from the oldest end), so an event is found
 * by arithmetic: a reader resumes at any sequence without scanning.
 *
 * <p>Beside each event it keeps what retention reads of it (its instant, its operation's id, the received bytes
 * it holds), in arrays of their own: retention looks at the oldest event at every append, and an event that old
 * is far out of the processor's caches, as are its operation and that operation's instant.
 */
final class RetainedEvents {
    private LogEvent[] ring = new LogEvent[64];
    private long[] atNanos = new long[64];
    private long[] operationIds = new long[64];
    private long[] heldBytes = new long[64];
    private int head;
    private int size;
    /** The oldest retained sequence, or the next to come while none is retained. */
    private long first = 1;

    /**
     * @param atNanos   its instant, as nanoseconds since the epoch
     * @param heldBytes the received bytes it holds in the budget
     */
    void add(LogEvent event, long atNanos, long heldBytes) {
        if (size == 0) {
            first = event.sequence();
        } else if (event.sequence() != first + size) {
            throw new IllegalStateException("sequence " + event.sequence() + " does not follow " + (first + size - 1));
        }
        if (size == ring.length) {
            grow();
        }
        int at = (head + size) % ring.length;
        ring[at] = event;
        this.atNanos[at] = atNanos;
        this.operationIds[at] = event.operation() == null ? 0 : event.operation().id();
        this.heldBytes[at] = heldBytes;
        size++;
    }

    /** @return the received bytes it held */
    long removeOldest() {
        long held = heldBytes[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        first++;
        return held;
    }

    /** The event numbered {@code sequence}, or null when it is not (or no longer) retained. */
    LogEvent get(long sequence) {
        int at = indexOrNone(sequence);
        return at < 0 ? null : ring[at];
    }

    /** The instant of the retained event numbered {@code sequence}, in nanoseconds since the epoch. */
    long atNanos(long sequence) {
        return atNanos[index(sequence)];
    }

    /** The id of the operation that the retained event numbered {@code sequence} ended, or 0 for no operation. */
    long operationId(long sequence) {
        return operationIds[index(sequence)];
    }

    private int index(long sequence) {
        int at = indexOrNone(sequence);
        if (at < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " is not retained");
        }
        return at;
    }

    /** Where the event numbered {@code sequence} is in the arrays, or -1 when it is not retained. */
    private int indexOrNone(long sequence) {
        long offset = sequence - first;
        return offset < 0 || offset >= size ? -1 : (int) ((head + offset) % ring.length);
    }

    long firstSequence() {
        return first;
    }

    int size() {
        return size;
    }

    private void grow() {
        int length = ring.length * 2;
        LogEvent[] events = new LogEvent[length];
        long[] ats = new long[length];
        long[] ids = new long[length];
        long[] held = new long[length];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % ring.length;
            events[i] = ring[from];
            ats[i] = atNanos[from];
            ids[i] = operationIds[from];
            held[i] = heldBytes[from];
        }
        ring = events;
        atNanos = ats;
        operationIds = ids;
        heldBytes = held;
        head = 0;
    }
}
