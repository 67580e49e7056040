package io.sendgate.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** A send's native memory from malloc, through JNA's {@link Memory}; both drivers use it. */
public final class JnaMemory extends NativeBlock {
    private final Memory memory;

    public JnaMemory(long size) {
        super(size);
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
