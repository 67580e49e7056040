package io.sendgate.jna;

/**
 * Closes a descriptor or handle only when no call on it is in flight, so a blocking wait (poll or
 * select on a listener) never runs on a number that was closed and reused meanwhile.
 */
public final class CloseGuard {
    private final Runnable closer;
    private int users;
    private boolean closing;

    public CloseGuard(Runnable closer) {
        this.closer = closer;
    }

    /** @return false once the descriptor is being closed */
    public synchronized boolean enter() {
        if (closing) {
            return false;
        }
        users++;
        return true;
    }

    public synchronized void exit() {
        if (--users == 0 && closing) {
            closer.run();
        }
    }

    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (users == 0) {
            closer.run();
        }
    }
}
