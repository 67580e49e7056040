package io.sendgate.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Operations by id, as polling (C15) and the newest-first listing read them, while retention removes them (C19). */
class OperationIndexTests {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    // Against a sorted map doing the same puts and removes in a seeded random order, across many pages, some
    // of them kept by one operation that stays: every lookup, and every walk from every kind of starting point.
    @Test
    void answersAsASortedMapWould() {
        OperationIndex index = new OperationIndex();
        TreeMap<Long, Operation> reference = new TreeMap<>();
        Random random = new Random(20261130);
        long nextId = 0;
        List<Long> held = new ArrayList<>();
        for (int round = 0; round < 20_000; round++) {
            if (held.isEmpty() || random.nextInt(100) < 55) {
                Operation op = op(++nextId);
                index.put(op);
                reference.put(op.id(), op);
                held.add(op.id());
            } else {
                // mostly the oldest (retention), sometimes any (a pending one ending late), some never
                int at = random.nextInt(100) < 80 ? 0 : random.nextInt(held.size());
                long id = held.remove(at);
                if (id % 97 == 0) {
                    held.add(id); // stays, keeping its page
                    continue;
                }
                index.remove(id);
                reference.remove(id);
            }
            if (round % 1000 == 0) {
                assertSame(index, reference, nextId, random);
            }
        }
        assertSame(index, reference, nextId, random);
    }

    @Test
    void aPageWhoseIdsAllEndedIsGoneAndItsIdsAreNotFound() {
        OperationIndex index = new OperationIndex();
        int ids = OperationIndex.PAGE * 3;
        for (long id = 1; id <= ids; id++) {
            index.put(op(id));
        }
        for (long id = 1; id <= ids; id++) {
            if (id != OperationIndex.PAGE + 5) {
                index.remove(id);
            }
        }
        for (long id = 1; id <= ids; id++) {
            assertThat(index.get(id) != null).as("id %d", id).isEqualTo(id == OperationIndex.PAGE + 5);
        }
        assertThat(walk(index, null)).containsExactly(OperationIndex.PAGE + 5L);
        assertThat(walk(index, 1L)).isEmpty();
        assertThat(walk(index, 0L)).isEmpty();
    }

    // Request threads put their operations while others look them up and list them.
    @Test
    void concurrentPutsAreAllFound() throws Exception {
        OperationIndex index = new OperationIndex();
        AtomicLong lastId = new AtomicLong();
        int threads = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                puts.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        index.put(op(lastId.incrementAndGet()));
                    }
                }));
            }
            for (Future<?> f : puts) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (long id = 1; id <= (long) threads * each; id++) {
            assertThat(index.get(id)).as("id %d", id).isNotNull();
        }
        assertThat(walk(index, null)).hasSize(threads * each).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    private void assertSame(OperationIndex index, TreeMap<Long, Operation> reference, long lastId, Random random) {
        for (long id = 1; id <= lastId + 2; id++) {
            assertThat(index.get(id)).as("id %d", id).isSameAs(reference.get(id));
        }
        assertThat(walk(index, null)).isEqualTo(new ArrayList<>(reference.descendingKeySet()));
        for (int i = 0; i < 20; i++) {
            long before = 1 + random.nextLong(lastId + 2);
            assertThat(walk(index, before)).as("before %d", before)
                    .isEqualTo(new ArrayList<>(reference.headMap(before, false).descendingKeySet()));
        }
        // a walk that stops early stops where asked
        List<Long> three = new ArrayList<>();
        index.walkNewestFirst(null, op -> three.add(op.id()) && three.size() < 3);
        assertThat(three).isEqualTo(reference.descendingKeySet().stream().limit(3).toList());
    }

    private static List<Long> walk(OperationIndex index, Long before) {
        List<Long> ids = new ArrayList<>();
        index.walkNewestFirst(before, op -> ids.add(op.id()));
        return ids;
    }

    private Operation op(long id) {
        Operation op = new Operation("s-1", true, new OneBytePayload(), Set.of(), clock);
        op.assignId(id);
        return op;
    }
}
