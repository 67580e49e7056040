package io.sendgate.core;

import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.Payload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Captures a send's buffers into native memory at submission (C8), through a {@link PayloadBuilder}, which holds
 * the limits on buffers and bytes per send (C6, C34) and reserves every byte from the service-wide budget before
 * it is held (C28, C39). Bodies stream into native memory through a small window, so a large send is never held
 * whole in the heap.
 */
public final class PayloadFactory {
    private final NativeSockets natives;
    private final ByteBudget budget;
    private final Limits limits;

    public PayloadFactory(NativeSockets natives, ByteBudget budget, Limits limits) {
        this.natives = natives;
        this.budget = budget;
        this.limits = limits;
    }

    /**
     * The one buffer of a raw body (octet-stream): {@code length} bytes when the body declares them, sized for
     * them at once; else ({@code -1}, chunked) all the stream holds, the block growing as it comes.
     */
    public Payload fromStream(InputStream in, long length) {
        try (PayloadBuilder builder = length < 0 ? builder(0) : PayloadBuilder.exactly(natives, budget, limits, length)) {
            builder.startBuffer();
            long received = new ByteWindow(builder, length).transferFrom(in, length < 0 ? Long.MAX_VALUE : length);
            if (received < length) {
                throw new WsaException(WsaError.WSAEFAULT,
                        "The body ended after " + received + " of its " + length + " bytes");
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The blocks a streamed send (issue #10) reads its body into, for a body of {@code length} bytes (-1: not
     * declared): a declared length the send may not carry is refused before anything is held.
     *
     * @throws WsaException WSAENOBUFS past max-bytes-per-send, or when the budget cannot hold the blocks
     */
    StreamRing streamRing(long length) {
        PayloadBuilder.refuseOver(limits, length);
        return StreamRing.reserve(natives, budget, length);
    }

    /**
     * Buffers whose bytes arrive as a body is parsed (JSON, multipart); the caller closes it, or builds it.
     *
     * @param sizeHint the body's length, a first guess at the bytes its buffers make; 0 when not known
     */
    public PayloadBuilder builder(long sizeHint) {
        return new PayloadBuilder(natives, budget, limits, sizeHint);
    }

    /**
     * A receive's buffers (C41): native memory for every WSABUF, reserved from the budget before it is held.
     * The limits are a send's: buffers per operation (WSAEINVAL past them), bytes per operation (WSAENOBUFS).
     */
    public Payload forReceive(long[] lengths) {
        if (lengths.length == 0 || lengths.length > limits.maxBuffersPerSend()) {
            throw new WsaException(WsaError.WSAEINVAL, "A receive takes 1.." + limits.maxBuffersPerSend()
                    + " buffers (sendgate.limits.max-buffers-per-send); this one has " + lengths.length);
        }
        long total = 0;
        for (long length : lengths) {
            if (length < 0) {
                throw new WsaException(WsaError.WSAEINVAL, "A buffer's length must be 0 or more");
            }
            total += length;
            if (total > limits.maxBytesPerSend()) {
                throw new WsaException(WsaError.WSAENOBUFS, "A receive's buffers may hold at most "
                        + limits.maxBytesPerSend() + " bytes (sendgate.limits.max-bytes-per-send)");
            }
        }
        if (total == 0) {
            throw new WsaException(WsaError.WSAEINVAL, "A receive needs at least one byte of buffer");
        }
        return captured(reserve(natives, budget, total), lengths.clone(), total, total, budget);
    }

    /** Native memory of {@code bytes}, reserved from the budget before it is held (C39). */
    static NativeMemory reserve(NativeSockets natives, ByteBudget budget, long bytes) {
        budget.reserve(bytes);
        try {
            return natives.allocate(bytes);
        } catch (RuntimeException e) {
            budget.release(bytes);
            throw e;
        }
    }

    /** A payload over {@code memory}, of which {@code reserved} bytes were taken from the budget. */
    static Payload captured(NativeMemory memory, long[] lengths, long total, long reserved, ByteBudget budget) {
        return new Captured(memory, lengths, total, reserved, budget);
    }

    private static final class Captured implements Payload {
        private final NativeMemory memory;
        private final long[] lengths;
        private final long total;
        private final long reserved;
        private final ByteBudget budget;
        private final AtomicBoolean closed = new AtomicBoolean();

        Captured(NativeMemory memory, long[] lengths, long total, long reserved, ByteBudget budget) {
            this.memory = memory;
            this.lengths = lengths;
            this.total = total;
            this.reserved = reserved;
            this.budget = budget;
        }

        @Override
        public NativeMemory memory() {
            return memory;
        }

        @Override
        public long[] bufferLengths() {
            return lengths;
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                memory.close();
                budget.release(reserved);
            }
        }
    }
}
