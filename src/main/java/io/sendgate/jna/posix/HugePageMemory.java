package io.sendgate.jna.posix;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.sendgate.jna.NativeBlock;

/**
 * Memory for a large send: a multiple of 2 MiB, aligned to it and marked MADV_HUGEPAGE, so that the first
 * write into fresh memory faults once per 2 MiB instead of once per 4 KiB, and reused through a
 * {@link HugeBlockCache} so that later sends of that size fault not at all. On a virtual machine those
 * faults are what a large send costs most (256 MiB written into fresh 4 KiB pages: ~950 ms; into huge
 * pages: 20 to 400 ms, as compaction allows; into reused pages: ~20 ms). Where transparent huge pages
 * are off, madvise fails harmlessly and the block is ordinary memory.
 */
final class HugePageMemory extends NativeBlock {
    static final long HUGE_PAGE = 2L << 20;
    private static final int MADV_HUGEPAGE = 14;

    private final HugeBlockCache cache;
    private final Pointer address;
    private final long capacity;

    private HugePageMemory(HugeBlockCache cache, Pointer address, long capacity, long size) {
        super(size);
        this.cache = cache;
        this.address = address;
        this.capacity = capacity;
    }

    /** @return the block, or null when posix_memalign could not provide it */
    static HugePageMemory allocate(LibC libc, HugeBlockCache cache, long size) {
        long capacity = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        Pointer address = cache.take(capacity);
        if (address == null) {
            PointerByReference out = new PointerByReference();
            if (libc.posix_memalign(out, HUGE_PAGE, capacity) != 0) {
                return null;
            }
            address = out.getValue();
            libc.madvise(address, capacity, MADV_HUGEPAGE);
        }
        return new HugePageMemory(cache, address, capacity, size);
    }

    @Override
    public Pointer pointer() {
        return address;
    }

    @Override
    protected void release() {
        cache.give(address, capacity);
    }
}
