package io.sendgate.core;

/**
 * The completion events the log still retains, oldest first, in a ring that grows as needed. Sequences
 * are contiguous (the log numbers every event and evicts only from the oldest end), so an event is found
 * by arithmetic: a reader resumes at any sequence without scanning.
 */
final class RetainedEvents {
    private LogEvent[] ring = new LogEvent[64];
    private int head;
    private int size;
    /** The oldest retained sequence, or the next to come while none is retained. */
    private long first = 1;

    void add(LogEvent event) {
        if (size == 0) {
            first = event.sequence();
        } else if (event.sequence() != first + size) {
            throw new IllegalStateException("sequence " + event.sequence() + " does not follow " + (first + size - 1));
        }
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) % ring.length] = event;
        size++;
    }

    LogEvent oldest() {
        return size == 0 ? null : ring[head];
    }

    LogEvent removeOldest() {
        LogEvent oldest = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        first++;
        return oldest;
    }

    /** The event numbered {@code sequence}, or null when it is not (or no longer) retained. */
    LogEvent get(long sequence) {
        long offset = sequence - first;
        if (offset < 0 || offset >= size) {
            return null;
        }
        return ring[(int) ((head + offset) % ring.length)];
    }

    long firstSequence() {
        return first;
    }

    int size() {
        return size;
    }

    private void grow() {
        LogEvent[] bigger = new LogEvent[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }
}
