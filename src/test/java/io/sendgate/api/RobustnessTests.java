package io.sendgate.api;

import io.sendgate.api.robustness.Run;
import io.sendgate.api.robustness.Service;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A bounded, seeded robustness run against the real service: a few thousand generated malformed requests
 * (and some valid ones, whose bytes the test models) across every endpoint, over java.net.http and over
 * plain sockets for what a well-behaved client cannot send (bad framing, bad escapes, odd headers).
 *
 * <p>Every answer is checked as it comes: no 5xx but the documented gateway and availability ones, a
 * problem detail with a WSA name and number for every error, a documented JSON shape for every success.
 * A real connected socket (its peer records every byte) and a real listener exist throughout; only sends
 * the test knows to be valid may reach the peer. At the end the service must be as it was: healthy, every
 * accepted operation ended exactly once, the byte budget back, no wait and no event stream left.
 *
 * <p>The seed is printed; {@code -Dsendgate.fuzz.seed=N} replays a run, {@code -Dsendgate.fuzz.requests=N}
 * sets its length, {@code -Dsendgate.fuzz.random=true} adds a run with a seed taken from the clock. The run
 * itself is {@link Run}; this class, in the package of {@link ServiceTest}, hands it the service.
 */
class RobustnessTests extends ServiceTest {
    @Autowired
    ByteBudget budget;
    @Autowired
    Waits waits;
    @Autowired
    EventStreams streams;
    @Autowired
    CompletionLog completionLog;

    @Test
    void malformedRequestsOnEveryEndpointAreRefusedCleanlyAndLeaveNothingBehind() throws Exception {
        run(Long.getLong("sendgate.fuzz.seed", Run.DEFAULT_SEED));
    }

    @Test
    @EnabledIfSystemProperty(named = "sendgate.fuzz.random", matches = "true")
    void aRunWithASeedFromTheClock() throws Exception {
        run(System.currentTimeMillis() ^ System.nanoTime());
    }

    private void run(long seed) throws Exception {
        new Run(seed, Integer.getInteger("sendgate.fuzz.requests", Run.DEFAULT_REQUESTS),
                new Service(port, api, budget, waits, streams, completionLog)).go();
    }
}
