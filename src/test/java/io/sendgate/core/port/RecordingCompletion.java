package io.sendgate.core.port;

import io.sendgate.core.WsaError;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A completion that counts its calls (the port promises exactly one per pending send or receive) and, like
 * the core, frees the payload when the driver lets go of it; for a receive, after copying out what its
 * buffers hold.
 */
public final class RecordingCompletion implements IoCompletion {
    private final Payload payload;
    private final boolean copyBuffers;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile long bytes = -1;
    private volatile Failure failure;
    private volatile Thread caller;
    private volatile byte[] buffers;

    /** @param payload freed on the first call; null when the test leaves the buffers to the driver alone */
    public RecordingCompletion(Payload payload) {
        this(payload, false);
    }

    private RecordingCompletion(Payload payload, boolean copyBuffers) {
        this.payload = payload;
        this.copyBuffers = copyBuffers;
    }

    /** For a receive: on the first call, copies {@code buffers} out (see {@link #buffers()}), then frees them. */
    public static RecordingCompletion copying(Payload buffers) {
        return new RecordingCompletion(buffers, true);
    }

    @Override
    public void completed(long bytesTransferred, Failure failure) {
        this.bytes = bytesTransferred;
        this.failure = failure;
        this.caller = Thread.currentThread();
        if (copyBuffers && calls.get() == 0) {
            this.buffers = contents(payload);
        }
        calls.incrementAndGet();
        if (payload != null) {
            payload.close();
        }
        first.countDown();
    }

    /** Waits (bounded) for the first call; fails the test when none comes. */
    public RecordingCompletion await(Duration timeout) {
        try {
            if (!first.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The completion was not called within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the completion");
        }
        return this;
    }

    public int calls() {
        return calls.get();
    }

    public long bytes() {
        return bytes;
    }

    public WsaError error() {
        Failure f = failure;
        return f == null ? null : f.error();
    }

    /** The platform's words for the failure, or null. */
    public String detail() {
        Failure f = failure;
        return f == null ? null : f.detail();
    }

    public Thread caller() {
        return caller;
    }

    /** The whole memory of a receive's buffers as the first call found it (see {@link #copying}). */
    public byte[] buffers() {
        return buffers;
    }

    /** Every byte of {@code payload}'s buffers, buffer 0's first. */
    public static byte[] contents(Payload payload) {
        byte[] all = new byte[Math.toIntExact(payload.totalBytes())];
        payload.memory().read(0, all, 0, all.length);
        return all;
    }
}
