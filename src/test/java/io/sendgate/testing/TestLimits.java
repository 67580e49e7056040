package io.sendgate.testing;

import io.sendgate.core.Limits;

/** The default limits but one, for tests that need to reach a limit with little data. */
public final class TestLimits {
    private TestLimits() {
    }

    public static Limits bytesPerSend(long max) {
        Limits d = Limits.defaults();
        return new Limits(d.maxSockets(), d.maxListeners(), d.maxBuffersPerSend(), max, d.maxBytesInFlight(),
                d.maxPendingPerSocket(), d.maxRequestBytes(), d.maxWait(), d.connectTimeout(), d.retainedOperations(),
                d.operationRetention(), d.maxWaits(), d.maxControlRequestBytes(), d.maxConcurrentBodies());
    }
}
