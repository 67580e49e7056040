package io.sendgate.api;

import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C38: clients that ask for a receive's megabytes and never read them hold no request thread. Before, 300 of
 * them took every thread (health included) until their writes timed out.
 */
class NonReadingClientTests extends ServiceTest {
    private static final int CLIENTS = 250;

    @Test
    void clientsThatNeverReadAReceivesBytesHoldNoThread() throws Exception {
        List<Socket> clients = new ArrayList<>();
        // the context is shared: a write of another test's may still wait (an event stream to a stalled reader)
        long before = threadsBlockedInAWrite();
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept();
            int size = 8 << 20;
            long op = api.post("/api/v1/sockets/" + id + "/receives", Map.of("bytes", size, "flags", List.of("MSG_WAITALL")))
                    .json().path("id").asLong();
            peer.write(new byte[size]);
            assertThat(api.operation(op, 20_000).path("status").asString()).isEqualTo("COMPLETED");
            for (int i = 0; i < CLIENTS; i++) {
                Socket c = new Socket();
                c.setReceiveBufferSize(4096);
                c.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                c.setSoTimeout(30_000);
                c.getOutputStream().write(("GET /api/v1/operations/" + op + "/data HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                clients.add(c);
            }
            // every one of them got its answer started (its status line), and then reads no more
            for (Socket c : clients) {
                InputStream in = c.getInputStream();
                assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            }
            // no request thread sits in a write to them, and the service answers
            assertThat(threadsBlockedInAWrite()).isLessThanOrEqualTo(before);
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
            // and one that reads gets every byte
            assertThat(api.get("/api/v1/operations/" + op + "/data").bodyBytes()).hasSize(size);
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    private static long threadsBlockedInAWrite() {
        // a thread waiting for a client to take bytes waits (Object.wait, or a park) inside NioEndpoint's doWrite; one
        // caught handing bytes over is in the write itself. The state comes from the stack taken, not from
        // Thread.getState(), which is read a moment later, when a thread that was writing may be parked in the pool.
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().contains("exec") && e.getValue().length > 0)
                .filter(e -> waits(e.getValue()[0]))
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("doWrite")
                        && f.getClassName().contains("NioEndpoint")))
                .count();
    }

    private static boolean waits(StackTraceElement top) {
        return top.getClassName().equals("java.lang.Object") && top.getMethodName().startsWith("wait")
                || top.getMethodName().equals("park") || top.getMethodName().equals("parkNanos");
    }
}
