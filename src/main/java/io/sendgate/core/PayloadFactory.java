package io.sendgate.core;

import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.Payload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Captures a send's buffers into native memory at submission (C8), within the limits on buffers per
 * send, bytes per send and bytes held service-wide (C28, C34, C39). Bodies are streamed into native
 * memory through a small window, so a large send is never held whole in the heap, and every byte is
 * reserved from the budget before it is held.
 */
public final class PayloadFactory {
    private static final int WINDOW = 64 * 1024;
    private static final long UNKNOWN_LENGTH_HINT = 1 << 20;

    /** One buffer still to be read: its length and where its bytes come from. */
    public record Source(long length, InputStream in) {
        public static Source of(byte[] bytes) {
            return new Source(bytes.length, new ByteArrayInputStream(bytes));
        }
    }

    private final NativeSockets natives;
    private final ByteBudget budget;
    private final Limits limits;

    public PayloadFactory(NativeSockets natives, ByteBudget budget, Limits limits) {
        this.natives = natives;
        this.budget = budget;
        this.limits = limits;
    }

    public Payload fromBytes(List<byte[]> buffers) {
        List<Source> sources = new ArrayList<>(buffers.size());
        buffers.forEach(b -> sources.add(Source.of(b)));
        return fromSources(sources);
    }

    /** Buffers whose lengths are known before their bytes are read (octet-stream with a length, multipart). */
    public Payload fromSources(List<Source> sources) {
        if (sources.size() > limits.maxBuffersPerSend()) {
            throw new WsaException(WsaError.WSAEINVAL, "A send carries at most " + limits.maxBuffersPerSend()
                    + " buffers (sendgate.limits.max-buffers-per-send); this one has " + sources.size());
        }
        long total = 0;
        long[] lengths = new long[sources.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sources.get(i).length();
            total += lengths[i];
        }
        if (total > limits.maxBytesPerSend()) {
            throw new WsaException(WsaError.WSAENOBUFS, "A send carries at most " + limits.maxBytesPerSend()
                    + " bytes (sendgate.limits.max-bytes-per-send); this one has " + total);
        }
        NativeMemory memory = reserve(natives, budget, total);
        Payload payload = captured(memory, lengths, total, total, budget);
        try {
            byte[] window = new byte[(int) Math.min(WINDOW, Math.max(1, total))];
            long offset = 0;
            for (int i = 0; i < lengths.length; i++) {
                long read = copy(sources.get(i).in(), memory, offset, lengths[i], window);
                if (read < lengths[i]) {
                    throw new WsaException(WsaError.WSAEFAULT,
                            "Buffer " + i + " ended after " + read + " of its " + lengths[i] + " bytes");
                }
                offset += read;
            }
            return payload;
        } catch (RuntimeException e) {
            payload.close();
            throw e;
        }
    }

    /** One buffer of unknown length (a chunked body). */
    public Payload fromStream(InputStream in) {
        try (PayloadBuilder builder = builder(UNKNOWN_LENGTH_HINT)) {
            builder.startBuffer();
            byte[] window = new byte[WINDOW];
            int n;
            while ((n = in.read(window)) >= 0) {
                builder.write(window, 0, n);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Buffers whose bytes arrive before their lengths are known; the caller closes it, or builds it. */
    public PayloadBuilder builder(long sizeHint) {
        return new PayloadBuilder(natives, budget, limits, sizeHint);
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

    private static long copy(InputStream in, NativeMemory memory, long offset, long length, byte[] window) {
        long done = 0;
        try {
            while (done < length) {
                int n = in.read(window, 0, (int) Math.min(window.length, length - done));
                if (n < 0) {
                    break;
                }
                memory.write(offset + done, window, 0, n);
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done;
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
