package io.sendgate.jna.posix;

import com.sun.jna.Pointer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Large blocks whose sends ended, kept (up to a bound) for the next send of the same rounded size: their
 * pages are already faulted in, so writing a body into them costs a memcpy instead of a page fault per
 * page. Blocks past the bound are freed at once.
 */
final class HugeBlockCache {
    private final LibC libc;
    private final long capacity;
    private final Map<Long, ArrayDeque<Pointer>> bySize = new HashMap<>();
    private long cached;
    private boolean closed;

    HugeBlockCache(LibC libc, long capacity) {
        this.libc = libc;
        this.capacity = capacity;
    }

    /** A cached block of exactly {@code size} bytes, or null. */
    synchronized Pointer take(long size) {
        ArrayDeque<Pointer> blocks = bySize.get(size);
        if (blocks == null || blocks.isEmpty()) {
            return null;
        }
        cached -= size;
        return blocks.pop();
    }

    /** Keeps the block for reuse, or frees it when the cache is full. */
    synchronized void give(Pointer block, long size) {
        if (closed || cached + size > capacity) {
            libc.free(block);
            return;
        }
        bySize.computeIfAbsent(size, s -> new ArrayDeque<>()).push(block);
        cached += size;
    }

    synchronized long cachedBytes() {
        return cached;
    }

    /** Frees what is cached; blocks of sends still in progress are freed when they end. */
    synchronized void close() {
        closed = true;
        bySize.values().forEach(blocks -> blocks.forEach(libc::free));
        bySize.clear();
        cached = 0;
    }
}
