package io.sendgate.core;

import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.Payload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One captured payload sent by several operations (a batch's repetitions): each gets a view of the same native
 * block, so the bytes are held once (and counted once in the budget, C39), and the block is freed when the last
 * operation using it has ended. The block is only read once captured, so the views may share it.
 */
final class SharedPayload {
    private SharedPayload() {
    }

    /** {@code n} views of {@code payload}, which from now on is freed only through them: when all are closed. */
    static List<Payload> views(Payload payload, int n) {
        if (n == 1) {
            return List.of(payload);
        }
        AtomicInteger open = new AtomicInteger(n);
        List<Payload> views = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            views.add(new View(payload, open));
        }
        return views;
    }

    private static final class View implements Payload {
        private final Payload shared;
        private final AtomicInteger open;
        private final AtomicBoolean closed = new AtomicBoolean();

        View(Payload shared, AtomicInteger open) {
            this.shared = shared;
            this.open = open;
        }

        @Override
        public NativeMemory memory() {
            return shared.memory();
        }

        @Override
        public long[] bufferLengths() {
            return shared.bufferLengths();
        }

        @Override
        public long totalBytes() {
            return shared.totalBytes();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true) && open.decrementAndGet() == 0) {
                shared.close();
            }
        }
    }
}
