package io.sendgate.core;

import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSockets;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The native blocks of one streamed send (issue #10), reserved from the service's budget before the body is read
 * (C28, C39). The request's thread fills a block from its start to its end, and the socket sends each part as soon
 * as it was filled; a block is free again once it was filled to its end and every part of it went out. So a send
 * of any length holds only these few blocks, and reading the body overlaps sending it.
 *
 * <p>Two users hold the ring: the operation, which lets go when it ended (the driver then holds no part of it),
 * and the request's thread, which lets go when it stopped reading. The blocks are freed when both have: neither
 * can then write into one, nor hand one to the system.
 */
final class StreamRing {
    /**
     * A block: 2 MiB, so that a busy socket's chunks gather up to 2 MiB, and the size from which the POSIX driver
     * hands out huge pages and reuses them, so that filling a ring costs no page fault after the first.
     */
    static final int BLOCK = 2 << 20;
    /** Blocks per ring: the socket sends from one or two while the request's thread fills the next. */
    static final int BLOCKS = 3;

    /** One block, and who still uses it. Its counts are the ring's, under its monitor. */
    static final class Block {
        private final NativeMemory memory;
        private boolean filling;
        private int chunks;

        private Block(NativeMemory memory) {
            this.memory = memory;
        }

        NativeMemory memory() {
            return memory;
        }
    }

    private final ByteBudget budget;
    private final long reserved;
    private final List<Block> all;
    private final ArrayDeque<Block> free;
    private int holders = 2;

    private StreamRing(ByteBudget budget, long reserved, List<Block> blocks) {
        this.budget = budget;
        this.reserved = reserved;
        this.all = blocks;
        this.free = new ArrayDeque<>(blocks);
    }

    /**
     * A ring for a body of {@code length} bytes (-1: not declared): no more blocks than the body fills, none larger
     * than it.
     *
     * @throws WsaException WSAENOBUFS when the budget cannot hold it; then nothing is held
     */
    static StreamRing reserve(NativeSockets natives, ByteBudget budget, long length) {
        long size = length < 0 ? BLOCK : Math.max(1, Math.min(BLOCK, length));
        int count = length < 0 ? BLOCKS : (int) Math.max(1, Math.min(BLOCKS, (length + size - 1) / size));
        long total = size * count;
        budget.reserve(total);
        List<Block> blocks = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                blocks.add(new Block(natives.allocate(size)));
            }
        } catch (RuntimeException e) {
            blocks.forEach(b -> b.memory.close());
            budget.release(total);
            throw e;
        }
        return new StreamRing(budget, total, blocks);
    }

    /**
     * A free block for the request's thread to fill, waiting up to {@code within} for one to come free.
     *
     * @return null when none did in time, or the operation ended meanwhile
     */
    synchronized Block take(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (free.isEmpty() && holders == 2) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        if (holders < 2) {
            return null;
        }
        Block block = free.poll();
        block.filling = true;
        return block;
    }

    /** The request's thread will write no more into {@code block}. */
    synchronized void filled(Block block) {
        block.filling = false;
        freeIfUnused(block);
    }

    /** A chunk of {@code block} was handed to the socket. */
    synchronized void chunkOn(Block block) {
        block.chunks++;
    }

    /** A chunk of {@code block} went out (or never will). */
    synchronized void chunkOff(Block block) {
        block.chunks--;
        freeIfUnused(block);
    }

    private void freeIfUnused(Block block) {
        if (!block.filling && block.chunks == 0) {
            free.add(block);
            notifyAll();
        }
    }

    /** One user let go (see the class); the second frees every block and gives its bytes back to the budget. */
    void release() {
        synchronized (this) {
            holders--;
            notifyAll();
            if (holders > 0) {
                return;
            }
        }
        all.forEach(b -> b.memory.close());
        budget.release(reserved);
    }
}
