package io.sendgate.config;

import io.sendgate.api.EventStreams;
import io.sendgate.core.ListenerPool;
import io.sendgate.core.ServiceGate;
import io.sendgate.core.SocketPool;
import io.sendgate.core.Waits;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * C23: from the moment stopping begins, new opens, sends and accepts are refused; listeners close (accepts
 * in progress end at once), every socket closes (every pending operation ends ABORTED, and blocking sends
 * waiting on them end), every other wait ends, and only then the event streams end, each after it
 * delivered those completions. It runs before the web server's graceful shutdown: bean destruction, where
 * the pool would otherwise close, comes after the web server has stopped and could no longer answer anyone.
 */
public final class StopSequence implements SmartLifecycle {
    private final ServiceGate gate;
    private final ListenerPool listeners;
    private final SocketPool pool;
    private final Waits waits;
    private final EventStreams streams;
    private volatile boolean running;

    StopSequence(ServiceGate gate, ListenerPool listeners, SocketPool pool, Waits waits, EventStreams streams) {
        this.gate = gate;
        this.listeners = listeners;
        this.pool = pool;
        this.waits = waits;
        this.streams = streams;
    }

    @Override
    public void start() {
        gate.reopen();
        streams.reopen();
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        // closing the listeners shuts the gate: from here no open, send, accept or wait is taken
        listeners.close();
        pool.close();
        waits.close();
        try {
            streams.finishAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * A pause (the test framework pauses cached contexts between test classes) is not a stop: the pool's
     * sockets stay open and the streams are left to the web server's own pause.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    /** Stopped before the graceful shutdown, which would otherwise wait on the open streams. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;
    }
}
