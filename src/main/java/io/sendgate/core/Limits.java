package io.sendgate.core;

import java.time.Duration;

/**
 * Every limit the service enforces (C34), in one place. Bound from {@code sendgate.limits.*}.
 *
 * @param maxSockets             sockets in the pool (accepted ones included); past it WSAEMFILE
 * @param maxListeners           listeners open at once; past it WSAEMFILE
 * @param maxBuffersPerSend      WSABUF entries in one send (C6: at least 1024); past it WSAEINVAL
 * @param maxBytesPerSend        bytes in one send; past it WSAENOBUFS
 * @param maxBytesInFlight       bytes held by sends not yet ended, service-wide; past it WSAENOBUFS (C28)
 * @param maxPendingPerSocket    outstanding overlapped operations on one socket; past it WSAEWOULDBLOCK (C28)
 * @param maxRequestBytes        size of one HTTP request body
 * @param maxWait                the longest wait a caller may ask for (accept, waitMs, blocking sends)
 * @param connectTimeout         how long opening a TCP socket may wait for the handshake
 * @param retainedOperations     ended operations kept readable (C19)
 * @param operationRetention     how long an ended operation stays readable (C19)
 * @param maxWaits               waits in progress of each kind: accepts, connects, waits on operations,
 *                               blocking sends; past it WSAEWOULDBLOCK (C38)
 * @param maxControlRequestBytes the body of a call other than a send, which is parsed in the heap (C39)
 * @param maxConcurrentBodies    request bodies being read at once: reading one holds a request thread, so
 *                               a few clients trickling bodies must not take them all (C38)
 * @param maxCaptureBytes        captured bytes one socket holds before the service stops reading from it (C44)
 * @param maxSendsPerBatch       sends one batch queues, repetitions counted; past it WSAEINVAL, and nothing is queued
 */
public record Limits(
        int maxSockets,
        int maxListeners,
        int maxBuffersPerSend,
        long maxBytesPerSend,
        long maxBytesInFlight,
        int maxPendingPerSocket,
        long maxRequestBytes,
        Duration maxWait,
        Duration connectTimeout,
        int retainedOperations,
        Duration operationRetention,
        int maxWaits,
        long maxControlRequestBytes,
        int maxConcurrentBodies,
        int maxCaptureBytes,
        int maxSendsPerBatch) {
    static final int DEFAULT_CAPTURE_BYTES = 1 << 20;
    static final int DEFAULT_SENDS_PER_BATCH = 10_000;

    /** The limits with the default batch size, for callers that do not batch. */
    public Limits(int maxSockets, int maxListeners, int maxBuffersPerSend, long maxBytesPerSend, long maxBytesInFlight,
                  int maxPendingPerSocket, long maxRequestBytes, Duration maxWait, Duration connectTimeout,
                  int retainedOperations, Duration operationRetention, int maxWaits, long maxControlRequestBytes,
                  int maxConcurrentBodies, int maxCaptureBytes) {
        this(maxSockets, maxListeners, maxBuffersPerSend, maxBytesPerSend, maxBytesInFlight, maxPendingPerSocket,
                maxRequestBytes, maxWait, connectTimeout, retainedOperations, operationRetention, maxWaits,
                maxControlRequestBytes, maxConcurrentBodies, maxCaptureBytes, DEFAULT_SENDS_PER_BATCH);
    }

    /** The limits with the default capture size, for callers that do not capture. */
    public Limits(int maxSockets, int maxListeners, int maxBuffersPerSend, long maxBytesPerSend, long maxBytesInFlight,
                  int maxPendingPerSocket, long maxRequestBytes, Duration maxWait, Duration connectTimeout,
                  int retainedOperations, Duration operationRetention, int maxWaits, long maxControlRequestBytes,
                  int maxConcurrentBodies) {
        this(maxSockets, maxListeners, maxBuffersPerSend, maxBytesPerSend, maxBytesInFlight, maxPendingPerSocket,
                maxRequestBytes, maxWait, connectTimeout, retainedOperations, operationRetention, maxWaits,
                maxControlRequestBytes, maxConcurrentBodies, DEFAULT_CAPTURE_BYTES, DEFAULT_SENDS_PER_BATCH);
    }

    public static Limits defaults() {
        return new Limits(10_000, 64, 1024, 64L << 20, 512L << 20, 1024, 80L << 20,
                Duration.ofMinutes(5), Duration.ofSeconds(10), 100_000, Duration.ofMinutes(10), 1024, 64L << 10, 64,
                DEFAULT_CAPTURE_BYTES, DEFAULT_SENDS_PER_BATCH);
    }

    /**
     * A wait a caller asked for ({@code name}, in ms): the one rule for every bounded wait, 0 up to
     * {@link #maxWait}.
     *
     * @throws WsaException WSAEINVAL outside that range
     */
    public Duration boundedWait(long ms, String name) {
        if (ms < 0 || ms > maxWait.toMillis()) {
            throw new WsaException(WsaError.WSAEINVAL, name + " must be 0.." + maxWait.toMillis()
                    + " (sendgate.limits.max-wait)");
        }
        return Duration.ofMillis(ms);
    }
}
