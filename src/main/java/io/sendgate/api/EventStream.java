package io.sendgate.api;

import io.sendgate.core.CompletionSubscription;
import io.sendgate.core.CompletionSubscription.Delivery;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One client's completion stream: its own thread pulls from its subscription and writes to the client,
 * so a slow client only ever blocks this thread, never a send or another stream (C17).
 */
final class EventStream implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    /** Events written per flush; also what one stream holds at most besides its cursor. */
    static final int BATCH = 256;

    private final long id;
    private final CompletionSubscription subscription;
    private final AsyncContext async;
    private final OutputStream out;
    private final SseFormat format;
    private final Duration heartbeat;
    private final String opening;
    private final Instant openedAt = Instant.now();
    /**
     * Orders this thread's writes against the request's completion: once completed, the container
     * recycles the response for another request, and a late write would land in that client's stream.
     */
    private final Object io = new Object();
    private boolean completed;
    private volatile long delivered;
    private volatile String endedBy;

    EventStream(long id, CompletionSubscription subscription, AsyncContext async, OutputStream out,
                SseFormat format, Duration heartbeat, String opening) {
        this.id = id;
        this.subscription = subscription;
        this.async = async;
        this.out = out;
        this.format = format;
        this.heartbeat = heartbeat;
        this.opening = opening;
        async.addListener(new ClientGone());
    }

    @Override
    public void run() {
        try {
            write(opening);
            if (subscription.gap() != null) {
                write(format.gone(subscription.gap()));
            }
            endedBy = pump();
        } catch (IOException | RuntimeException e) {
            endedBy = "client gone";
            LOG.debug("Event stream {} ended: {}", id, e.toString());
        } catch (InterruptedException e) {
            endedBy = "interrupted";
            Thread.currentThread().interrupt();
        } finally {
            subscription.close();
            complete();
        }
    }

    private String pump() throws IOException, InterruptedException {
        while (true) {
            Delivery d = subscription.poll(BATCH, heartbeat);
            switch (d.kind()) {
                case EVENTS -> {
                    write(format.events(d.events()));
                    delivered += d.events().size();
                }
                case IDLE -> write(format.heartbeat());
                case OVERFLOW -> {
                    write(format.overflow(d.cursor(), subscription.backlogAtCut(), subscription.maxBacklog()));
                    return "overflow";
                }
                case END -> {
                    write(format.shutdown(d.cursor()));
                    return "shutdown";
                }
                case CLOSED -> {
                    return "closed";
                }
            }
        }
    }

    private void write(String text) throws IOException {
        synchronized (io) {
            if (completed) {
                throw new IOException("the request has ended");
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private void complete() {
        synchronized (io) {
            if (completed) {
                return;
            }
            completed = true;
            try {
                async.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the container completed it after an error
            }
        }
    }

    long id() {
        return id;
    }

    CompletionSubscription subscription() {
        return subscription;
    }

    long delivered() {
        return delivered;
    }

    Instant openedAt() {
        return openedAt;
    }

    /** Why it ended (overflow, shutdown, client gone...), or null while it runs. */
    String endedBy() {
        return endedBy;
    }

    /**
     * The container noticed the client went away or the request ended: stop pulling. Completing here
     * keeps the container from dispatching the request to the error page, whose answer cannot be written
     * into an event stream.
     */
    private final class ClientGone implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            synchronized (io) {
                completed = true;
            }
            subscription.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end(event);
        }

        @Override
        public void onError(AsyncEvent event) {
            end(event);
        }

        private void end(AsyncEvent event) {
            subscription.close();
            complete();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
