package io.sendgate.config;

import io.sendgate.api.EventStreams;
import io.sendgate.core.SocketPool;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * C23: stopping the service closes every socket, so every pending operation ends ABORTED, and only then
 * ends the event streams, each after it delivered those completions. It runs before the web server's
 * graceful shutdown: bean destruction, where the pool would otherwise close, comes after the web server
 * has stopped and could no longer tell any subscriber.
 */
public final class StopSequence implements SmartLifecycle {
    private final SocketPool pool;
    private final EventStreams streams;
    private volatile boolean running;

    StopSequence(SocketPool pool, EventStreams streams) {
        this.pool = pool;
        this.streams = streams;
    }

    @Override
    public void start() {
        streams.reopen();
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        pool.close();
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
