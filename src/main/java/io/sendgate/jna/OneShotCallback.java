package io.sendgate.jna;

/**
 * The one caller a listener tells, once, that a connection waits: set under the listener's care, taken
 * and run outside any lock, so the caller may ask again from inside the call.
 */
public final class OneShotCallback {
    private Runnable waiting;

    public synchronized void set(Runnable ready) {
        waiting = ready;
    }

    public void fire() {
        Runnable ready;
        synchronized (this) {
            ready = waiting;
            waiting = null;
        }
        if (ready != null) {
            ready.run();
        }
    }
}
