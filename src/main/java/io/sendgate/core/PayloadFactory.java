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
 * send, bytes per send and bytes held service-wide (C28, C34). Bodies are streamed into native memory
 * through a small window, so a large send is never held whole in the heap.
 */
public final class PayloadFactory {
    private static final int WINDOW = 64 * 1024;
    private static final long GROWTH_CHUNK = 1 << 20;

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

    /** Buffers whose lengths are known before their bytes are read (JSON, octet-stream, multipart). */
    public Payload fromSources(List<Source> sources) {
        checkCount(sources.size());
        long total = 0;
        long[] lengths = new long[sources.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sources.get(i).length();
            total += lengths[i];
        }
        checkTotal(total);
        Captured payload = reserve(total, lengths);
        try {
            byte[] window = new byte[WINDOW];
            long offset = 0;
            for (int i = 0; i < lengths.length; i++) {
                long read = copy(sources.get(i).in(), payload.memory, offset, lengths[i], window);
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

    /** One buffer of unknown length (a chunked body): grows in native chunks, then joins them. */
    public Payload fromStream(InputStream in) {
        List<Captured> chunks = new ArrayList<>();
        try {
            byte[] window = new byte[WINDOW];
            long total = 0;
            while (true) {
                Captured chunk = reserve(GROWTH_CHUNK, new long[] {GROWTH_CHUNK});
                chunks.add(chunk);
                long read = copy(in, chunk.memory, 0, GROWTH_CHUNK, window);
                total += read;
                checkTotal(total);
                if (read < GROWTH_CHUNK) {
                    break;
                }
            }
            Captured joined = reserve(total, new long[] {total});
            long offset = 0;
            for (Captured chunk : chunks) {
                long n = Math.min(GROWTH_CHUNK, total - offset);
                for (long done = 0; done < n; ) {
                    int step = (int) Math.min(window.length, n - done);
                    chunk.memory.read(done, window, 0, step);
                    joined.memory.write(offset + done, window, 0, step);
                    done += step;
                }
                offset += n;
            }
            return joined;
        } finally {
            chunks.forEach(Captured::close);
        }
    }

    private void checkCount(int count) {
        if (count > limits.maxBuffersPerSend()) {
            throw new WsaException(WsaError.WSAEINVAL, "A send carries at most " + limits.maxBuffersPerSend()
                    + " buffers (sendgate.limits.max-buffers-per-send); this one has " + count);
        }
    }

    private void checkTotal(long total) {
        if (total > limits.maxBytesPerSend()) {
            throw new WsaException(WsaError.WSAENOBUFS, "A send carries at most " + limits.maxBytesPerSend()
                    + " bytes (sendgate.limits.max-bytes-per-send); this one has " + total + " or more");
        }
    }

    private Captured reserve(long total, long[] lengths) {
        budget.reserve(total);
        try {
            return new Captured(natives.allocate(total), lengths, total, budget);
        } catch (RuntimeException e) {
            budget.release(total);
            throw e;
        }
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
        private final ByteBudget budget;
        private final AtomicBoolean closed = new AtomicBoolean();

        Captured(NativeMemory memory, long[] lengths, long total, ByteBudget budget) {
            this.memory = memory;
            this.lengths = lengths;
            this.total = total;
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
                budget.release(total);
            }
        }
    }
}
