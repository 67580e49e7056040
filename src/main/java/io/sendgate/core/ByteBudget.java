package io.sendgate.core;

import java.util.concurrent.atomic.AtomicLong;

/** The service-wide count of bytes held by sends that have not ended (C28: WSAENOBUFS past the limit). */
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
                        + " bytes of sends not yet ended; " + bytes + " more would pass its limit of " + limit
                        + " (sendgate.limits.max-bytes-in-flight)");
            }
        } while (!held.compareAndSet(now, now + bytes));
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
