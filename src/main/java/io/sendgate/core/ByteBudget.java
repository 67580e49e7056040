package io.sendgate.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The service-wide count of bytes the service holds (C28: WSAENOBUFS past the limit): the buffers of sends
 * and receives that have not ended, received bytes that ended operations still retain, capture buffers.
 */
public final class ByteBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public ByteBudget(long limit) {
        this.limit = limit;
    }

    public void reserve(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > limit) {
                throw new WsaException(WsaError.WSAENOBUFS, "The service holds " + now
                        + " bytes of operations' buffers and received data; " + bytes + " more would pass its limit of " + limit
                        + " (sendgate.limits.max-bytes-in-flight)");
            }
        } while (!held.compareAndSet(now, now + bytes));
    }

    /**
     * Counts bytes that are already held and cannot be refused (a receive's data, once it arrived): they
     * may take the count past the limit, and later reservations are refused until they are released.
     */
    public void hold(long bytes) {
        held.addAndGet(bytes);
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    public long held() {
        return held.get();
    }

    public long limit() {
        return limit;
    }
}
