package io.sendgate.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The service-wide count of bytes the service holds (C28: WSAENOBUFS past the limit): the buffers of sends
 * and receives that have not ended, received bytes that ended operations still retain, capture buffers.
 */
public final class ByteBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private volatile Runnable reclaim = () -> {
    };

    public ByteBudget(long limit) {
        this.limit = limit;
    }

    /**
     * What gives back bytes whose time is over but that nothing has released yet: the completion log's
     * received data past its retention, which it lets go only when it is next used. Run before a refusal.
     */
    public void reclaimWith(Runnable reclaim) {
        this.reclaim = reclaim;
    }

    public void reserve(long bytes) {
        if (tryReserve(bytes)) {
            return;
        }
        reclaim.run();
        if (!tryReserve(bytes)) {
            throw new WsaException(WsaError.WSAENOBUFS, "The service holds " + held.get()
                    + " bytes of operations' buffers and received data; " + bytes + " more would pass its limit of " + limit
                    + " (sendgate.limits.max-bytes-in-flight)");
        }
    }

    private boolean tryReserve(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
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
