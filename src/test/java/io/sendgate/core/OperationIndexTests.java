package io.sendgate.core;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
        int page = OperationIndex.PAGE;
        long kept = page + 5; // one operation of the second page never ends
        for (long id = 1; id <= 3L * page; id++) {
            index.put(op(id));
        }
        assertThat(index.pageCount()).isEqualTo(4); // ids 1..63, 64..127, 128..191, 192
        for (long id = 1; id <= 3L * page; id++) {
            if (id != kept) {
                index.remove(id);
            }
        }
        // the first page (no id 0) and the third are done; the second stays for its one operation, the fourth
        // for the ids still to be given
        assertThat(index.pageCount()).isEqualTo(2);
        for (long id = 1; id <= 3L * page; id++) {
            assertThat(index.get(id) != null).as("id %d", id).isEqualTo(id == kept);
        }
        assertThat(walk(index, null)).containsExactly(kept);
        index.remove(kept);
        assertThat(index.pageCount()).isEqualTo(1);
        assertThat(walk(index, null)).isEmpty();
    }

    // As the log uses it: request threads put while one thread (under the log's lock) removes what ended, in
    // order, and others look up what was put and not yet removed. Nothing put is ever missed, and every page
    // whose ids all ended goes.
    @Test
    void concurrentPutsRemovesAndLookupsLoseNothing() throws Exception {
        OperationIndex index = new OperationIndex();
        AtomicLong lastId = new AtomicLong();
        int putters = 3;
        int each = 30_000;
        long total = (long) putters * each;
        ConcurrentLinkedQueue<Long> put = new ConcurrentLinkedQueue<>();
        Set<Long> pinned = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(putters + 2);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < putters; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        long id = lastId.incrementAndGet();
                        index.put(op(id));
                        put.add(id);
                    }
                }));
            }
            work.add(pool.submit(() -> {
                long done = 0;
                while (done < total) {
                    Long id = put.poll();
                    if (id == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    done++;
                    if (id % 200 == 0) {
                        pinned.add(id); // pending for good
                    } else {
                        index.remove(id);
                    }
                }
            }));
            work.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(3);
                for (int i = 0; i < 200_000 && failed.get() == null; i++) {
                    long last = lastId.get();
                    if (last == 0) {
                        continue;
                    }
                    long id = 1 + random.nextLong(last);
                    Operation op = index.get(id);
                    // an id given a moment ago may not be put yet, and a removed one is absent; a pinned one is there
                    if (op != null && op.id() != id) {
                        failed.set(new AssertionError("id " + id + " found " + op.id()));
                    }
                    if (op == null && pinned.contains(id)) {
                        failed.set(new AssertionError("pinned id " + id + " not found"));
                    }
                }
            }));
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failed.get()).isNull();
        for (long id = 1; id <= total; id++) {
            assertThat(index.get(id) != null).as("id %d", id).isEqualTo(pinned.contains(id));
        }
        long pagesWithAPinnedId = pinned.stream().map(id -> id / OperationIndex.PAGE).distinct().count();
        long lastPageNotFull = total % OperationIndex.PAGE == OperationIndex.PAGE - 1 ? 0 : 1;
        assertThat((long) index.pageCount()).isBetween(pagesWithAPinnedId, pagesWithAPinnedId + lastPageNotFull);
        assertThat(walk(index, null)).containsExactlyElementsOf(pinned.stream().sorted((a, b) -> Long.compare(b, a)).toList());
    }

    private void assertSame(OperationIndex index, TreeMap<Long, Operation> reference, long lastId, Random random) {
        for (long id = 1; id <= lastId + 2; id++) {
            assertThat(index.get(id)).as("id %d", id).isSameAs(reference.get(id));
        }
        assertThat(walk(index, null)).isEqualTo(new ArrayList<>(reference.descendingKeySet()));
        List<Long> edges = new ArrayList<>(List.of(Long.MIN_VALUE, -1L, 0L, 1L, 2L, 63L, 64L, 65L, 127L, 128L, 129L,
                lastId, lastId + 1, Long.MAX_VALUE));
        for (int i = 0; i < 20; i++) {
            edges.add(1 + random.nextLong(lastId + 2));
        }
        for (long before : edges) {
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
