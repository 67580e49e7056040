package io.sendgate.events;

import io.sendgate.testing.SseClient;

import io.sendgate.api.EventStreams;
import io.sendgate.core.CompletionLog;
import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C17: a subscriber that stops reading never blocks sends or other subscribers, costs the service a
 * bounded backlog, and is cut with an {@code overflow} event from which it can resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sendgate.events.max-backlog=200", "sendgate.limits.retained-operations=5000"})
@Import(StalledSubscriberTests.SmallServerSendBuffers.class)
class StalledSubscriberTests {
    private static final int MAX_BACKLOG = 200;
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(20);

    /**
     * The server's socket send buffer fixed small: left to autotuning it grows to megabytes, and the stall
     * would reach the stream's backlog only after many thousand events. Imported, not annotated: the tests
     * that start the application by hand scan this package, and would take it too.
     */
    static class SmallServerSendBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "4096");
        }
    }

    @LocalServerPort
    int port;
    private long stalledId;
    @Autowired
    EventStreams streams;
    @Autowired
    CompletionLog log;

    // C17
    @Test
    void aStalledSubscriberIsCutWhileSendsAndOtherSubscribersGoOn() throws Exception {
        Api api = new Api(port);
        try (LoopbackPeer peer = LoopbackPeer.draining()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
            String path = "/api/v1/events?socketId=" + socket;
            try (SseClient reader = SseClient.open(port, path, null)) {
                awaitStreams(1);
                long readerId = streams.list().get(0).id();
                try (Socket stalled = stalledClient(path)) {
                    awaitStreams(2);
                    stalledId = streams.list().stream().mapToLong(EventStreams.StreamInfo::id).filter(id -> id != readerId)
                            .findFirst().orElseThrow();
                    List<Long> ops = Collections.synchronizedList(new ArrayList<>());
                    // Bounded: the stalled stream's way to the client holds a few hundred events at most.
                    EventStreams.StreamInfo seen = stalledInfo().orElseThrow();
                    for (int round = 0; round < 40 && !stalledWasCut(); round++) {
                        sendConcurrently(api, socket, 100, ops);
                        seen = stalledInfo().orElse(seen);
                    }
                    assertThat(stalledWasCut()).as("the stalled stream was cut").isTrue();
                    assertThat(seen.maxBacklogSeen()).isLessThanOrEqualTo(MAX_BACKLOG);
                    long cursorAtCut = stalledInfo().map(EventStreams.StreamInfo::cursor).orElse(-1L);
                    // Sends go on; the log no longer tracks the stalled stream nor keeps anything for it.
                    sendConcurrently(api, socket, 300, ops);
                    assertThat(log.subscriberCount()).isEqualTo(1);
                    assertThat(stalledInfo().map(EventStreams.StreamInfo::cursor).orElse(-1L))
                            .isIn(cursorAtCut, -1L);

                    List<Long> sorted = new ArrayList<>(ops);
                    Collections.sort(sorted);
                    assertThat(reader.completions(sorted.size(), EVENT_WITHIN))
                            .extracting(e -> e.json().get("id").asLong()).containsExactlyElementsOf(sorted);

                    // The stalled client reads at last: what was already on its way, then the overflow event, then the end.
                    SseClient late = SseClient.reading(skipHead(stalled.getInputStream()));
                    List<SseClient.Event> got = new ArrayList<>();
                    for (SseClient.Event e; (e = late.next(EVENT_WITHIN)) != null && !SseClient.END.equals(e.name()); ) {
                        got.add(e);
                    }
                    SseClient.Event last = got.get(got.size() - 1);
                    assertThat(last.name()).isEqualTo("overflow");
                    long resumeAt = last.json().get("lastEventId").asLong();
                    assertThat(last.seq()).isEqualTo(resumeAt);
                    assertThat(last.json().get("backlog").asLong()).isGreaterThan(MAX_BACKLOG);
                    List<SseClient.Event> delivered = got.subList(0, got.size() - 1);
                    assertThat(delivered).allMatch(e -> e.name().equals("completion"));
                    assertThat(delivered.get(delivered.size() - 1).seq()).isLessThanOrEqualTo(resumeAt);
                    List<Long> deliveredOps = delivered.stream().map(e -> e.json().get("id").asLong()).toList();
                    assertThat(deliveredOps).containsExactlyElementsOf(sorted.subList(0, deliveredOps.size()));

                    // It resumes with Last-Event-ID and misses nothing.
                    try (SseClient resumed = SseClient.open(port, path, Long.toString(resumeAt))) {
                        List<Long> rest = resumed.completions(sorted.size() - deliveredOps.size(), EVENT_WITHIN).stream()
                                .map(e -> e.json().get("id").asLong()).toList();
                        assertThat(rest).containsExactlyElementsOf(sorted.subList(deliveredOps.size(), sorted.size()));
                    }
                    System.out.printf("StalledSubscriberTests: %d sends; the stalled stream took %d events before it "
                                    + "blocked, was cut %d behind (limit %d); the log held %d events at the end%n",
                            sorted.size(), deliveredOps.size(), last.json().get("backlog").asLong(), MAX_BACKLOG,
                            log.heldEvents());
                }
            }
        }
    }

    /** A client that asks for the stream and reads nothing; a tiny receive window stalls the server at once. */
    private Socket stalledClient(String path) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(1024);
        s.setSoTimeout((int) EVENT_WITHIN.toMillis());
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        // HTTP/1.0: the body ends when the server closes, so no chunked framing to undo.
        s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static InputStream skipHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b; matched < end.length && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200").contains("text/event-stream");
        return in;
    }

    private static void sendConcurrently(Api api, String socket, int n, List<Long> ops) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(senders.submit(() -> Sends.accepted(api, socket, 64)));
            }
            for (Future<Long> f : sent) {
                ops.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * Cut: marked overflowed while its overflow event waits for the client's window, or already ended
     * with it (the event fit in what the window still took).
     */
    private boolean stalledWasCut() {
        return stalledInfo().map(EventStreams.StreamInfo::overflowed).orElseGet(() -> streams.overflows() == 1);
    }

    /**
     * The stalled client's stream, told apart by its id (how much each stream delivered says nothing under
     * load); empty once it has ended.
     */
    private java.util.Optional<EventStreams.StreamInfo> stalledInfo() {
        return streams.list().stream().filter(s -> s.id() == stalledId).findFirst();
    }

    private void awaitStreams(int n) throws InterruptedException {
        for (int i = 0; i < 100 && streams.list().size() < n; i++) {
            Thread.sleep(50);
        }
        assertThat(streams.list()).hasSize(n);
    }
}
