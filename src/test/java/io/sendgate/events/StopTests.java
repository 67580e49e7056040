package io.sendgate.events;

import io.sendgate.SendgateApplication;
import io.sendgate.core.ServiceGate;
import io.sendgate.core.SocketPool;
import io.sendgate.core.Waits;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.SocketAttributes;
import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * C23 as amended: from the moment stopping begins, new work is refused with WSANOTINITIALISED, and waits
 * in progress end at once instead of holding the stop. The finding: a stop waited 30 s for an accept in
 * progress, and then its client got no answer.
 */
class StopTests {

    @Test
    void anAcceptInProgressIsAnsweredAtOnceAndTheStopDoesNotWaitForIt() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            Api api = new Api(port);
            String listener = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0}").field("id");
            CompletableFuture<HttpResponse<String>> accepting = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/listeners/" + listener
                                    + "/accept?timeoutMs=120000")).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);

            long t0 = System.nanoTime();
            app.close();
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            HttpResponse<String> answer = accepting.get(10, TimeUnit.SECONDS);
            System.out.printf("C23: the service stopped in %d ms with an accept in progress%n", stopMs);
            assertThat(answer.statusCode()).as(answer.body()).isIn(409, 503);
            assertThat(Api.JSON.readTree(answer.body()).path("wsaError").asString()).isIn("WSAEINTR", "WSANOTINITIALISED");
            assertThat(stopMs).as("the stop did not wait out the accept").isLessThan(20_000);
        } finally {
            app.close();
        }
    }

    @Test
    void aConnectStillWaitingForItsHandshakeIsAnsweredAtOnce() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A listener that never accepts, its queue filled: the kernel drops the next SYN, so a connect to it
            // waits for its handshake (bounded: a backlog of 1 holds two connections)
            for (int i = 0; i < 8 && queueTakes(full, fillers); i++) {
            }
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            CompletableFuture<HttpResponse<String>> opening = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\","
                                    + "\"remotePort\":" + full.getLocalPort() + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            assertThat(opening).as("the connect waits for its handshake").isNotDone();

            app.close();
            // C23: the wait ends with the stop, not at the connect timeout
            HttpResponse<String> answer = opening.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(Api.JSON.readTree(answer.body()).path("wsaError").asString()).isEqualTo("WSANOTINITIALISED");
        } finally {
            app.close();
            for (Socket s : fillers) {
                s.close();
            }
        }
    }

    /** Connects one more client to {@code listener}: false once its queue is full (the connect is not answered). */
    private static boolean queueTakes(ServerSocket listener, List<Socket> fillers) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(listener.getLocalSocketAddress(), 300);
            fillers.add(s);
            return true;
        } catch (SocketTimeoutException full) {
            s.close();
            return false;
        }
    }

    @Test
    void aSocketThatConnectsWhileTheServiceStopsIsClosedNotPooled() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        try (LoopbackPeer peer = LoopbackPeer.draining()) {
            SocketPool pool = app.getBean(SocketPool.class);
            ServiceGate gate = app.getBean(ServiceGate.class);
            // the open is under way (the name is resolved, the handshake may still run) when the stop begins
            var opening = pool.open(SocketKind.TCP, "localhost", peer.port(), SocketAttributes.DEFAULTS);
            pool.close();
            assertThat(gate.stopping()).isTrue();
            ExecutionException failed = catchThrowableOfType(ExecutionException.class, () -> opening.get(10, TimeUnit.SECONDS));
            if (failed != null) {
                assertThat(failed.getCause()).isInstanceOfSatisfying(WsaException.class,
                        e -> assertThat(e.error()).isEqualTo(WsaError.WSANOTINITIALISED));
            } else {
                // it joined before the stop began, so the stop closed it
                assertThat(opening.get().view().state().name()).isEqualTo("CLOSED");
            }
            assertThat(pool.size()).isZero();
            WsaException refused = catchThrowableOfType(WsaException.class,
                    () -> pool.open(SocketKind.TCP, "127.0.0.1", peer.port(), SocketAttributes.DEFAULTS));
            assertThat(refused.error()).isEqualTo(WsaError.WSANOTINITIALISED);
        } finally {
            app.close();
        }
    }

    @Test
    void aStoppedServiceThatStartsAgainTakesWorkAndWaitsAgain() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SendgateApplication.class)
                .properties("spring.main.banner-mode=off").run("--server.port=0");
        try {
            Waits waits = app.getBean(Waits.class);
            app.stop();
            WsaException refused = catchThrowableOfType(WsaException.class, () -> waits.take(Waits.Kind.OPERATION));
            assertThat(refused.error()).isEqualTo(WsaError.WSANOTINITIALISED);

            app.start();
            Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
            String listener = api.post("/api/v1/listeners", "{\"host\":\"127.0.0.1\",\"port\":0}").field("id");
            var accept = api.post("/api/v1/listeners/" + listener + "/accept?timeoutMs=1", "{}");
            assertThat(accept.status()).as(accept.body()).isEqualTo(504);
            assertThat(accept.json().path("wsaError").asString()).isEqualTo("WSAETIMEDOUT");
        } finally {
            app.close();
        }
    }
}
