package io.sendgate.jna;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.time.Duration;

/**
 * A blocking accept that can be interrupted: it waits in short slices, each inside the listener's
 * {@link CloseGuard}, so closing the listener ends the wait with WSAEINTR within one slice.
 */
public final class SlicedWait {
    private static final Duration SLICE = Duration.ofMillis(100);

    /** One slice: wait up to {@code slice} and return the result, or null to wait again. */
    @FunctionalInterface
    public interface Attempt<T> {
        T within(Duration slice);
    }

    private SlicedWait() {
    }

    /** @return the first result, or null when {@code timeout} passed without one */
    public static <T> T until(CloseGuard guard, Duration timeout, Attempt<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!guard.enter()) {
                throw new WsaException(WsaError.WSAEINTR, "The listener was closed while accept waited");
            }
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                T result = attempt.within(left.compareTo(SLICE) < 0 ? left : SLICE);
                if (result != null) {
                    return result;
                }
            } finally {
                guard.exit();
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
        }
    }
}
