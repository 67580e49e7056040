package io.sendgate.events;

import io.sendgate.testing.SseClient;

import io.sendgate.SendgateApplication;
import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** C23: stopping the service ends every pending operation, and every subscriber sees it before its stream ends. */
class ShutdownEventsTests {
    private static final Duration EVENT_WITHIN = Duration.ofSeconds(20);

    // C23, C22
    @Test
    void subscribersSeeAbortedOperationsWhenTheServiceStops() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        try (LoopbackPeer peer = LoopbackPeer.paused()) {
            int port = port(app);
            Api api = new Api(port);
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            List<Long> pending = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Api.Reply a = api.send(socket, new byte[256 * 1024]);
                assertThat(a.status()).isEqualTo(202);
                pending.add(a.json().get("id").asLong());
            }
            try (SseClient first = SseClient.open(port, "/api/v1/events", null);
                 SseClient second = SseClient.open(port, "/api/v1/events?socketId=" + socket, null)) {
                assertThat(first.status()).isEqualTo(200);
                assertThat(second.status()).isEqualTo(200);
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::close);

                for (SseClient sse : List.of(first, second)) {
                    List<SseClient.Event> aborted = sse.completions(3, EVENT_WITHIN);
                    assertThat(aborted).extracting(e -> e.json().get("id").asLong()).containsExactlyElementsOf(pending);
                    assertThat(aborted).allSatisfy(e -> {
                        assertThat(e.json().get("status").asString()).isEqualTo("ABORTED");
                        assertThat(e.json().get("wsaError").asString()).isEqualTo("WSA_OPERATION_ABORTED");
                        assertThat(e.json().get("wsaCode").asInt()).isEqualTo(995);
                    });
                    SseClient.Event last = sse.next(EVENT_WITHIN);
                    assertThat(last.name()).isEqualTo("shutdown");
                    // the stop's own number, after every completion: no completion shares it
                    assertThat(last.seq()).isGreaterThan(aborted.get(2).seq());
                    assertThat(last.json().get("lastEventId").asLong()).isEqualTo(last.seq());
                    assertThat(sse.next(EVENT_WITHIN).name()).isEqualTo(SseClient.END);
                }
                stopping.get(60, TimeUnit.SECONDS);
            }
        } finally {
            app.close();
        }
    }

    // C23: the shutdown event's id is no completion's: a client that resumes from it once the service runs
    // again (a stopped context started again keeps its log) gets exactly the completions after the stop,
    // none lost and none repeated.
    @Test
    void resumingFromTheShutdownEventNeitherLosesNorRepeatsACompletion() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        try (LoopbackPeer peer = LoopbackPeer.draining()) {
            Api api = new Api(port(app));
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 65536);
            SseClient.Event shutdown;
            List<Long> seenBefore = new ArrayList<>();
            try (SseClient sse = SseClient.open(port(app), "/api/v1/events", null)) {
                assertThat(sse.status()).isEqualTo(200);
                List<Long> sent = List.of(Sends.accepted(api, socket, 10), Sends.accepted(api, socket, 10));
                sse.completions(2, EVENT_WITHIN).forEach(e -> seenBefore.add(e.seq()));
                CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);
                do {
                    shutdown = sse.next(EVENT_WITHIN);
                    assertThat(shutdown).isNotNull();
                    if ("completion".equals(shutdown.name())) {
                        seenBefore.add(shutdown.seq());
                    }
                } while (!"shutdown".equals(shutdown.name()));
                stopping.get(60, TimeUnit.SECONDS);
                assertThat(sent).hasSize(2);
            }
            long stopId = shutdown.seq();
            assertThat(seenBefore).hasSizeGreaterThanOrEqualTo(2).allMatch(seq -> seq < stopId);

            app.start();
            api = new Api(port(app));
            String again = api.openTcp(peer.port(), "sendBufferBytes", 65536);
            long first = Sends.accepted(api, again, 10);
            long second = Sends.accepted(api, again, 10);
            try (SseClient resumed = SseClient.open(port(app), "/api/v1/events", shutdown.id())) {
                assertThat(resumed.status()).isEqualTo(200);
                List<SseClient.Event> after = resumed.completions(2, EVENT_WITHIN);
                assertThat(after).extracting(e -> e.json().get("id").asLong()).containsExactly(first, second);
                assertThat(after.get(0).seq()).isEqualTo(shutdown.seq() + 1);
                assertThat(resumed.next(Duration.ofMillis(300))).isNull();
            }
        } finally {
            app.close();
        }
    }

    // C23: a pause is not a stop. The test framework pauses cached contexts between test classes; that must
    // neither close the pool's sockets nor leave the event stream refusing subscribers once resumed.
    @Test
    void pausingTheContextKeepsSocketsAndStreams() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        try (LoopbackPeer peer = LoopbackPeer.draining()) {
            String socket = new Api(port(app)).openTcp(peer.port(), "sendBufferBytes", 65536);
            app.pause();
            app.restart();
            Api api = new Api(port(app));
            assertThat(api.get("/api/v1/sockets/" + socket).json().get("state").asString()).isEqualTo("CONNECTED");
            try (SseClient sse = SseClient.open(port(app), "/api/v1/events?socketId=" + socket, null)) {
                assertThat(sse.status()).isEqualTo(200);
                long op = Sends.accepted(api, socket, 10);
                assertThat(sse.completions(1, EVENT_WITHIN).get(0).json().get("id").asLong()).isEqualTo(op);
            }
        } finally {
            app.close();
        }
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
