package io.sendgate.core;

import io.sendgate.core.CompletionSubscription.Delivery;
import io.sendgate.core.port.Payload;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The completion log as its readers see it: replay, live delivery, gaps, backlog cuts (C17, C19). */
class CompletionLogTests {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    // C17: subscribing while appends go on neither loses nor repeats an event between replay and live.
    @Test
    void subscribeAndReplayAreAtomicWithAppends() throws Exception {
        CompletionLog log = log(100_000);
        int total = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> appender = pool.submit(() -> {
                for (int i = 0; i < total; i++) {
                    end(log, "s-1");
                }
            });
            List<Future<List<Long>>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    // Join at whatever point the appender has reached, resuming a little before it.
                    long after = Math.max(0, log.lastSequence() - 50);
                    CompletionSubscription s = log.subscribe(after, op -> true, total);
                    List<Long> seen = new ArrayList<>();
                    seen.add(after);
                    while (seen.get(seen.size() - 1) < total) {
                        Delivery d = s.poll(256, WAIT);
                        assertThat(d.kind()).isIn(Delivery.Kind.EVENTS);
                        d.events().forEach(e -> seen.add(e.sequence()));
                    }
                    s.close();
                    return seen;
                }));
            }
            appender.get(60, TimeUnit.SECONDS);
            for (Future<List<Long>> reader : readers) {
                List<Long> seen = reader.get(60, TimeUnit.SECONDS);
                for (int i = 1; i < seen.size(); i++) {
                    assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.subscriberCount()).isZero();
    }

    // C17, C19: a resume point older than retention is reported, and reading starts at the oldest retained.
    @Test
    void resumeBeforeRetentionReportsTheGap() throws Exception {
        CompletionLog log = log(10);
        for (int i = 0; i < 30; i++) {
            end(log, "s-1");
        }
        CompletionSubscription s = log.subscribe(5L, op -> true, 100);
        assertThat(s.gap()).isEqualTo(new CompletionSubscription.Gap(5, 21, 30));
        assertThat(s.gap().ahead()).isFalse();
        Delivery d = s.poll(100, WAIT);
        assertThat(d.events()).extracting(LogEvent::sequence).containsExactly(
                21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
        assertThat(log.subscribe(20L, op -> true, 100).gap()).isNull();
    }

    // C17: ids from an earlier run of the service (beyond the last) are reported too, and everything retained follows.
    @Test
    void resumeBeyondTheLastEventReportsTheGap() throws Exception {
        CompletionLog log = log(10);
        end(log, "s-1");
        CompletionSubscription s = log.subscribe(500L, op -> true, 100);
        assertThat(s.gap().ahead()).isTrue();
        assertThat(s.poll(10, WAIT).events()).extracting(LogEvent::sequence).containsExactly(1L);
    }

    // C17: a reader that does not read is cut once it is more than its backlog behind, and from then on
    // the log neither tracks it nor keeps events for it.
    @Test
    void aReaderTooFarBehindIsCutAndCostsNothingMore() throws Exception {
        CompletionLog log = log(10);
        CompletionSubscription stalled = log.subscribe(null, op -> true, 50);
        for (int i = 0; i < 50; i++) {
            end(log, "s-1");
        }
        // Not retained by count any more, but kept for the reader that has not read them.
        assertThat(log.heldEvents()).isEqualTo(50);
        assertThat(stalled.overflowed()).isFalse();
        for (int i = 0; i < 1000; i++) {
            end(log, "s-1");
        }
        assertThat(stalled.overflowed()).isTrue();
        assertThat(stalled.maxBacklogSeen()).isEqualTo(50);
        assertThat(stalled.backlogAtCut()).isEqualTo(51);
        assertThat(log.subscriberCount()).isZero();
        assertThat(log.heldEvents()).isEqualTo(10);
        Delivery d = stalled.poll(10, WAIT);
        assertThat(d.kind()).isEqualTo(Delivery.Kind.OVERFLOW);
        assertThat(d.cursor()).isZero();
    }

    // C17: readers are woken after the append let go of the log's lock, from a list kept as readers come and go:
    // each parked reader, the one that subscribed last included, is woken by the append (the hour-long waits
    // below would otherwise hold the polls), and one that left is not counted on.
    @Test
    void everyParkedReaderIsWokenByTheAppend() throws Exception {
        CompletionLog log = log(1000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CompletionSubscription first = log.subscribe(null, op -> true, 1000);
            CompletionSubscription last = log.subscribe(null, op -> true, 1000);
            Future<Delivery> firstPoll = parkedPoll(pool, first);
            Future<Delivery> lastPoll = parkedPoll(pool, last);
            end(log, "s-1");
            assertThat(firstPoll.get(60, TimeUnit.SECONDS).kind()).isEqualTo(Delivery.Kind.EVENTS);
            assertThat(lastPoll.get(60, TimeUnit.SECONDS).kind()).isEqualTo(Delivery.Kind.EVENTS);

            first.close();
            CompletionSubscription newest = log.subscribe(null, op -> true, 1000);
            lastPoll = parkedPoll(pool, last);
            Future<Delivery> newestPoll = parkedPoll(pool, newest);
            end(log, "s-1");
            assertThat(lastPoll.get(60, TimeUnit.SECONDS).events()).hasSize(1);
            assertThat(newestPoll.get(60, TimeUnit.SECONDS).events()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A poll that waits up to an hour, once its thread is parked in it. */
    private static Future<Delivery> parkedPoll(ExecutorService pool, CompletionSubscription s) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Thread> polling = new java.util.concurrent.atomic.AtomicReference<>();
        Future<Delivery> poll = pool.submit(() -> {
            polling.set(Thread.currentThread());
            return s.poll(256, Duration.ofHours(1));
        });
        for (int i = 0; i < 60_000 && (polling.get() == null || polling.get().getState() != Thread.State.TIMED_WAITING); i++) {
            Thread.sleep(1);
        }
        assertThat(polling.get().getState()).isEqualTo(Thread.State.TIMED_WAITING);
        return poll;
    }

    // C17: the backlog counts from the subscription, so a long replay is not mistaken for falling behind.
    @Test
    void replayDoesNotCountAsBacklog() throws Exception {
        CompletionLog log = log(1000);
        for (int i = 0; i < 500; i++) {
            end(log, "s-1");
        }
        CompletionSubscription s = log.subscribe(0L, op -> true, 5);
        end(log, "s-1");
        assertThat(s.overflowed()).isFalse();
        int read = 0;
        for (int i = 0; i < 10 && read < 501; i++) {
            read += s.poll(256, WAIT).events().size();
        }
        assertThat(read).isEqualTo(501);
    }

    // C17: a filter skips others' events without counting them as undelivered.
    @Test
    void filterSelectsOperationsAndTheCursorPassesTheRest() throws Exception {
        CompletionLog log = log(1000);
        CompletionSubscription s = log.subscribe(null, op -> op.socketId().equals("s-2"), 1000);
        for (int i = 0; i < 100; i++) {
            end(log, i % 10 == 0 ? "s-2" : "s-1");
        }
        Delivery d = s.poll(256, WAIT);
        assertThat(d.events()).hasSize(10).allMatch(e -> e.operation().socketId().equals("s-2"));
        assertThat(d.cursor()).isEqualTo(100);
        assertThat(s.poll(256, Duration.ofMillis(1)).kind()).isEqualTo(Delivery.Kind.IDLE);
    }

    // C23: finishing hands out what was logged, then ends.
    @Test
    void finishDeliversWhatWasLoggedThenEnds() throws Exception {
        CompletionLog log = log(1000);
        CompletionSubscription s = log.subscribe(null, op -> true, 1000);
        end(log, "s-1");
        end(log, "s-1");
        s.finish();
        assertThat(s.poll(256, WAIT).events()).hasSize(2);
        Delivery last = s.poll(256, WAIT);
        assertThat(last.kind()).isEqualTo(Delivery.Kind.END);
        assertThat(last.cursor()).isEqualTo(2);
        assertThat(log.subscriberCount()).isZero();
    }

    // C19: since() and presence() follow retention, whatever subscribers keep for themselves.
    @Test
    void retentionGovernsLookupsWhileSubscribersKeepTheirEvents() {
        CompletionLog log = log(3);
        log.subscribe(null, op -> true, 100);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ops.add(end(log, "s-1"));
        }
        assertThat(log.since(0)).extracting(LogEvent::sequence).containsExactly(3L, 4L, 5L);
        assertThat(log.oldestRetainedSequence()).isEqualTo(3);
        assertThat(log.presence(ops.get(0).id())).isEqualTo(CompletionLog.Presence.GONE);
        assertThat(log.presence(ops.get(4).id())).isEqualTo(CompletionLog.Presence.FOUND);
        assertThat(log.heldEvents()).isEqualTo(5);
    }

    // C23: the service's stop takes a number of its own: streams end there (the shutdown event's id), no
    // completion shares it, readers never see it, and resuming from it gives exactly what came after.
    @Test
    void theStopTakesANumberOfItsOwnThatResumingNeitherLosesNorRepeats() throws Exception {
        CompletionLog log = log(1000);
        CompletionSubscription live = log.subscribe(null, e -> true, 1000);
        Operation first = end(log, "s-1");
        Operation second = end(log, "s-1");
        long stop = log.markStop();
        assertThat(stop).isEqualTo(3);
        live.finish(stop);
        Operation after = end(log, "s-1");

        assertThat(live.poll(256, WAIT).events()).extracting(e -> e.operation().id())
                .containsExactly(first.id(), second.id());
        Delivery end = live.poll(256, WAIT);
        assertThat(end.kind()).isEqualTo(Delivery.Kind.END);
        assertThat(end.cursor()).isEqualTo(stop);

        CompletionSubscription resumed = log.subscribe(stop, e -> true, 1000);
        Delivery next = resumed.poll(256, WAIT);
        assertThat(next.events()).extracting(LogEvent::sequence).containsExactly(4L);
        assertThat(next.events().get(0).operation()).isSameAs(after);
        resumed.close();

        CompletionSubscription fromStart = log.subscribe(0L, e -> true, 1000);
        assertThat(fromStart.poll(256, WAIT).events()).extracting(LogEvent::sequence).containsExactly(1L, 2L, 4L);
        fromStart.close();
        assertThat(log.since(0)).extracting(LogEvent::sequence).containsExactly(1L, 2L, 4L);
    }

    // GET /operations: newest first by id, without sorting: the walk goes down from the newest and stops at
    // the limit; a filter that matches nothing looks at each held operation once, pending ones included.
    @Test
    void listingWalksDownFromTheNewestAndStopsAtTheLimit() {
        int retained = 100_000;
        CompletionLog log = log(retained);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < retained + 500; i++) {
            ops.add(end(log, "s-" + (i % 1000 == 0 ? "rare" : "common")));
        }
        Operation pending = new Operation("s-rare", true, new OneBytePayload(), Set.of(), clock);
        log.register(pending);

        java.util.concurrent.atomic.AtomicInteger looked = new java.util.concurrent.atomic.AtomicInteger();
        List<Operation> rare = log.list(op -> looked.incrementAndGet() > 0 && op.socketId().equals("s-rare"), null, 10);
        assertThat(rare).hasSize(10).first().isSameAs(pending);
        assertThat(rare).extracting(Operation::id).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(rare.get(1).id()).isEqualTo(ops.get(100_000).id());
        // the pending one, then 8,500 ended ones down to the tenth match (ops[92000]): the walk stopped there
        assertThat(looked.get()).isEqualTo(1 + 8_500);

        looked.set(0);
        assertThat(log.list(op -> looked.incrementAndGet() < 0, null, 10)).isEmpty();
        assertThat(looked.get()).isEqualTo(retained + 1);

        assertThat(log.list(op -> true, ops.get(600).id(), 3)).extracting(Operation::id)
                .containsExactly(ops.get(599).id(), ops.get(598).id(), ops.get(597).id());
        // evicted ones are not listed: the oldest 500 ended first and are gone
        assertThat(log.list(op -> true, ops.get(500).id(), 3)).isEmpty();
    }

    private CompletionLog log(int retained) {
        Limits d = Limits.defaults();
        return new CompletionLog(new Limits(d.maxSockets(), d.maxListeners(), d.maxBuffersPerSend(), d.maxBytesPerSend(),
                d.maxBytesInFlight(), d.maxPendingPerSocket(), d.maxRequestBytes(), d.maxWait(), d.connectTimeout(),
                retained, Duration.ofMinutes(10), d.maxWaits(), d.maxControlRequestBytes(), d.maxConcurrentBodies()), clock);
    }

    private Operation end(CompletionLog log, String socketId) {
        Operation op = new Operation(socketId, true, new OneBytePayload(), Set.of(), clock);
        log.register(op);
        op.end(OperationStatus.COMPLETED, 1, null, clock.instant());
        log.append(op);
        return op;
    }
}
