package io.sendgate.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.sendgate.core.port.NativeMemory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A send's native memory, from malloc through JNA, freed exactly once by {@link #close()}; both drivers use it. */
public final class JnaMemory implements NativeMemory {
    private static final AtomicLong LIVE_BYTES = new AtomicLong();

    private final Memory memory;
    private final long size;
    private final AtomicBoolean freed = new AtomicBoolean();

    public JnaMemory(long size) {
        this.size = size;
        // malloc(0) may return NULL, which JNA refuses; an empty send still gets a valid address.
        this.memory = new Memory(Math.max(1, size));
        LIVE_BYTES.addAndGet(size);
    }

    /** Bytes of send buffers allocated and not yet freed, process-wide. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    public Pointer pointer() {
        return memory;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(long offset, byte[] source, int sourceOffset, int length) {
        checkRange(offset, length);
        memory.write(offset, source, sourceOffset, length);
    }

    @Override
    public void read(long offset, byte[] target, int targetOffset, int length) {
        checkRange(offset, length);
        memory.read(offset, target, targetOffset, length);
    }

    @Override
    public void close() {
        if (freed.compareAndSet(false, true)) {
            memory.close();
            LIVE_BYTES.addAndGet(-size);
        }
    }

    private void checkRange(long offset, int length) {
        if (freed.get()) {
            throw new IllegalStateException("Native memory used after it was freed");
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException(offset + "+" + length + " outside 0.." + size);
        }
    }
}
