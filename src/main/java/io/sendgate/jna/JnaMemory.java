package io.sendgate.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** A send's native memory from malloc, through JNA's {@link Memory}; both drivers use it. */
public final class JnaMemory extends NativeBlock {
    private final Memory memory;

    public JnaMemory(long size) {
        this(size, true);
    }

    /** @param counted whether it counts in {@link #liveBytes()} (a send's bytes), or not (a driver's own structures) */
    JnaMemory(long size, boolean counted) {
        super(size, counted ? size : 0);
        // malloc(0) may return NULL, which JNA refuses; an empty send still gets a valid address.
        this.memory = new Memory(Math.max(1, size));
    }

    @Override
    public Pointer pointer() {
        return memory;
    }

    @Override
    protected void release() {
        memory.close();
    }
}
