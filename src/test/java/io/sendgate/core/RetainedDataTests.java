package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.testing.MemoryOnly;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Received bytes the completion log retains count in the budget until they leave it (C19, C28, C41). */
class RetainedDataTests {
    private final MovableClock clock = new MovableClock();

    // C28: retention had passed, but the bytes stayed counted until the log was next used: sends and receives
    // were refused with WSAENOBUFS meanwhile, and nothing but such a use ended it
    @Test
    void receivedBytesPastTheirRetentionAreGivenBackWhenTheBudgetNeedsThem() {
        ByteBudget budget = new ByteBudget(1000);
        CompletionLog log = new CompletionLog(limits(Duration.ofMinutes(1)), clock, budget);
        PayloadFactory payloads = new PayloadFactory(MemoryOnly.SOCKETS, budget, Limits.defaults());
        Payload buffers = payloads.forReceive(new long[] {800});
        Operation op = Operation.receive("s-1", true, buffers, Set.of(), clock);
        log.register(op);
        op.end(OperationStatus.COMPLETED, 800, null, clock.instant());
        log.append(op);
        assertThat(budget.held()).isEqualTo(800);
        assertThatThrownBy(() -> budget.reserve(500)).isInstanceOfSatisfying(WsaException.class,
                e -> assertThat(e.error()).isEqualTo(WsaError.WSAENOBUFS));

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        budget.reserve(500);
        assertThat(budget.held()).isEqualTo(500);
        assertThat(log.presence(op.id())).isEqualTo(CompletionLog.Presence.GONE);
        budget.release(500);
        assertThat(budget.held()).isZero();
    }

    private static Limits limits(Duration retention) {
        Limits d = Limits.defaults();
        return new Limits(d.maxSockets(), d.maxListeners(), d.maxBuffersPerSend(), d.maxBytesPerSend(),
                d.maxBytesInFlight(), d.maxPendingPerSocket(), d.maxRequestBytes(), d.maxWait(), d.connectTimeout(),
                d.retainedOperations(), retention, d.maxWaits(), d.maxControlRequestBytes(), d.maxConcurrentBodies());
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
