package io.sendgate.testing;

import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real text/event-stream client: reads the stream line by line on its own thread, as the SSE
 * specification parses it, and hands out whole events. The end of the stream is an event named
 * {@link #END}.
 */
public final class SseClient implements AutoCloseable {
    public static final String END = "(end of stream)";

    /** One dispatched event; {@code id} is null when the event had none. */
    public record Event(String id, String name, String data, long receivedNanos) {
        public long seq() {
            return Long.parseLong(id);
        }

        public JsonNode json() {
            return Api.JSON.readTree(data);
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Held for as long as the stream: a client that becomes unreachable is stopped and closes its connections. */
    private final HttpClient http;
    private final InputStream body;
    private final int status;
    private volatile int comments;

    private SseClient(HttpClient http, int status, InputStream body) {
        this.http = http;
        this.status = status;
        this.body = body;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream at {@code path} of the service on {@code port}; {@code lastEventId} null for none. */
    public static SseClient open(int port, String path, String lastEventId) throws IOException, InterruptedException {
        return open(port, path, lastEventId, null);
    }

    /** As {@link #open(int, String, String)}, to a service with an API token, which it presents. */
    public static SseClient open(int port, String path, String lastEventId, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/event-stream").GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(http, response.statusCode(), response.body());
    }

    /** Parses a stream whose HTTP head was already read (a hand-made connection). */
    public static SseClient reading(InputStream body) {
        return new SseClient(null, 200, body);
    }

    public int status() {
        return status;
    }

    /** Comment lines seen (the opening one and heartbeats). */
    public int comments() {
        return comments;
    }

    /** The next event, or null when none came within {@code wait}. */
    public Event next(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next {@code n} events named {@code completion}, skipping others; fails when they do not come in time. */
    public List<Event> completions(int n, Duration eachWithin) throws InterruptedException {
        List<Event> out = new ArrayList<>(n);
        while (out.size() < n) {
            Event e = next(eachWithin);
            if (e == null || END.equals(e.name())) {
                throw new AssertionError("got " + out.size() + " of " + n + " completions, then "
                        + (e == null ? "nothing for " + eachWithin : "the end of the stream"));
            }
            if ("completion".equals(e.name())) {
                out.add(e);
            }
        }
        return out;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString(), System.nanoTime()));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
            }
        } catch (IOException closed) {
            // closed by the test, or cut by the service
        } finally {
            events.add(new Event(null, END, "", System.nanoTime()));
        }
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    /** Disconnects, as a client that goes away mid-stream. */
    @Override
    public void close() throws IOException {
        body.close();
    }
}
