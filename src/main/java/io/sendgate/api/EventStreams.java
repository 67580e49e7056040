package io.sendgate.api;

import io.sendgate.config.EventsProperties;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.CompletionSubscription;
import io.sendgate.core.LogEvent;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.PromptWakeups;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The open completion streams (C17): at most {@code sendgate.events.max-subscribers}, each with its own
 * writer thread. When the service stops it lets each one deliver every completion logged until then
 * and end with a {@code shutdown} event (C23).
 */
public final class EventStreams {
    /** What a stream looks like from outside: for tests, health and the curious. */
    public record StreamInfo(long id, long delivered, long cursor, long maxBacklogSeen, boolean overflowed, String endedBy) {
    }

    private final CompletionLog log;
    private final EventsProperties properties;
    private final SseFormat format;
    private final PromptWakeups wakeups;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    private volatile boolean stopping;

    private record Running(EventStream stream, Thread thread) {
    }

    /**
     * @param wakeups asked for by each stream's writer: an event waits for its writer's wake-up, which on a
     *                machine whose cores the sends keep busy would otherwise wait for one of them to yield
     */
    public EventStreams(CompletionLog log, EventsProperties properties, JsonMapper json, PromptWakeups wakeups) {
        this.log = log;
        this.properties = properties;
        this.format = new SseFormat(json);
        this.wakeups = wakeups;
    }

    /**
     * Starts streaming to this request's client, from {@code after} (its Last-Event-ID) or from now.
     *
     * @throws WsaException WSAEMFILE when the limit of streams is reached, WSASYSNOTREADY while stopping
     */
    void open(HttpServletRequest request, HttpServletResponse response, Long after, Predicate<LogEvent> filter)
            throws IOException {
        if (stopping) {
            throw new WsaException(WsaError.WSASYSNOTREADY, "The service is stopping");
        }
        if (slots.incrementAndGet() > properties.maxSubscribers()) {
            slots.decrementAndGet();
            throw new WsaException(WsaError.WSAEMFILE, "The service serves its limit of "
                    + properties.maxSubscribers() + " event streams (sendgate.events.max-subscribers)");
        }
        long id = lastId.incrementAndGet();
        CompletionSubscription subscription = null;
        try {
            describeStream(response);
            var out = response.getOutputStream();
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            subscription = log.subscribe(after, filter, properties.maxBacklog());
            String opening = format.opening(properties.reconnectDelay(), log.lastSequence());
            EventStream stream = new EventStream(id, subscription, async, out, format, properties.heartbeat(), opening);
            Thread thread = new Thread(() -> run(stream), "sendgate-events-" + id);
            thread.setDaemon(true);
            running.put(id, new Running(stream, thread));
            thread.start();
        } catch (IOException | RuntimeException | Error e) {
            running.remove(id);
            if (subscription != null) {
                subscription.close();
            }
            slots.decrementAndGet();
            throw e;
        }
    }

    /** The headers of an event stream, for a GET that streams and a HEAD that does not. */
    static void describeStream(HttpServletResponse response) {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
    }

    private void run(EventStream stream) {
        try {
            wakeups.requestForCurrentThread();
            stream.run();
        } finally {
            if ("overflow".equals(stream.endedBy())) {
                overflows.incrementAndGet();
            }
            slots.decrementAndGet();
            running.remove(stream.id());
        }
    }

    /** The streams open now. */
    public List<StreamInfo> list() {
        return running.values().stream().map(r -> info(r.stream())).toList();
    }

    /** Streams cut because they fell too far behind, since start. */
    public long overflows() {
        return overflows.get();
    }

    /**
     * Stops taking new streams, lets each open one deliver what the log holds now and end with a
     * {@code shutdown} event, waiting up to {@code sendgate.events.shutdown-drain} for them (C23). Call
     * it after the socket pool closed, so that the aborted operations are among what they deliver.
     */
    public void finishAll() throws InterruptedException {
        stopping = true;
        List<Running> open = List.copyOf(running.values());
        // the stop takes a number of its own: each stream's shutdown event carries it (SseFormat.shutdown)
        long stop = log.markStop();
        for (Running r : open) {
            r.stream().subscription().finish(stop);
        }
        long deadline = System.nanoTime() + properties.shutdownDrain().toNanos();
        for (Running r : open) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                r.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            if (r.thread().isAlive()) {
                // A client that does not read holds its writer in a blocking write that neither complete()
                // nor an interrupt ends; the web server's shutdown, bounded by
                // spring.lifecycle.timeout-per-shutdown-phase, closes its connection.
                r.stream().subscription().close();
            }
        }
    }

    /** Takes new streams again after {@link #finishAll()}, when a stopped context is started again. */
    public void reopen() {
        stopping = false;
    }

    private static StreamInfo info(EventStream s) {
        CompletionSubscription sub = s.subscription();
        return new StreamInfo(s.id(), s.delivered(), sub.cursor(), sub.maxBacklogSeen(), sub.overflowed(), s.endedBy());
    }
}
