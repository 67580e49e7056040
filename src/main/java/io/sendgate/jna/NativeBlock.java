package io.sendgate.jna;

import com.sun.jna.Pointer;
import io.sendgate.core.port.NativeMemory;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A send's native memory, freed exactly once by {@link #close()}, whatever allocated it. Both drivers
 * hand its address to the system; every block counts in {@link #liveBytes()} while it lives.
 */
public abstract class NativeBlock implements NativeMemory {
    private static final AtomicLong LIVE_BYTES = new AtomicLong();

    private final long size;
    /** What the block counts in {@link #liveBytes()}: its size, or nothing for a view of another block. */
    private final long counted;
    private final AtomicBoolean freed = new AtomicBoolean();

    protected NativeBlock(long size) {
        this(size, size);
    }

    /** @param counted what the block counts in {@link #liveBytes()} (0: not a send's bytes) */
    protected NativeBlock(long size, long counted) {
        this.size = size;
        this.counted = counted;
        LIVE_BYTES.addAndGet(counted);
    }

    /** Bytes of send buffers allocated and not yet freed, process-wide. */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    /** The block's address, valid until it is closed. */
    public abstract Pointer pointer();

    /** Gives the memory back to whatever allocated it; called once. */
    protected abstract void release();

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final void write(long offset, byte[] source, int sourceOffset, int length) {
        checkRange(offset, length);
        pointer().write(offset, source, sourceOffset, length);
    }

    @Override
    public final void read(long offset, byte[] target, int targetOffset, int length) {
        checkRange(offset, length);
        pointer().read(offset, target, targetOffset, length);
    }

    @Override
    public final ByteBuffer buffer(long offset, int length) {
        checkRange(offset, length);
        return direct(offset, length);
    }

    @Override
    public final NativeMemory slice(long offset, long length) {
        checkRange(offset, length);
        return new Slice(this, offset, length);
    }

    @Override
    public final void copyTo(long offset, NativeMemory target, long targetOffset, long length) {
        NativeBlock to = (NativeBlock) target;
        checkRange(offset, length);
        to.checkRange(targetOffset, length);
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(Integer.MAX_VALUE, length - done);
            to.direct(targetOffset + done, n).put(direct(offset + done, n));
            done += n;
        }
        // the buffers do not keep the blocks alive, and a block that is collected frees its memory
        Reference.reachabilityFence(this);
        Reference.reachabilityFence(to);
    }

    @Override
    public final void close() {
        if (freed.compareAndSet(false, true)) {
            release();
            LIVE_BYTES.addAndGet(-counted);
        }
    }

    /**
     * A direct buffer over {@code n} bytes at {@code offset}, which the JDK copies with a memmove. Made over a plain
     * pointer: JNA's Memory would record each buffer in a map shared by every thread.
     */
    private ByteBuffer direct(long offset, int n) {
        return new Pointer(Pointer.nativeValue(pointer()) + offset).getByteBuffer(0, n);
    }

    private void checkRange(long offset, long length) {
        if (freed.get()) {
            throw new IllegalStateException("Native memory used after it was freed");
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new IndexOutOfBoundsException(offset + "+" + length + " outside 0.." + size);
        }
    }

    /** Part of another block: its address moved by the offset; the other block keeps (and frees) the memory. */
    private static final class Slice extends NativeBlock {
        private final NativeBlock whole;
        private final long offset;

        Slice(NativeBlock whole, long offset, long length) {
            super(length, 0);
            this.whole = whole;
            this.offset = offset;
        }

        @Override
        public Pointer pointer() {
            return new Pointer(Pointer.nativeValue(whole.pointer()) + offset);
        }

        @Override
        protected void release() {
            // the memory is the whole block's
        }
    }
}
