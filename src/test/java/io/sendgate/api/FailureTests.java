package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Transport failures with the Winsock code a Windows program would see (C10, C25-C27). */
class FailureTests extends ServiceTest {

    @Test
    void aPeerResetFailsThePendingSendAndEveryOneQueuedBehindItThenLaterSendsAtOnce() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept();
            List<Long> ops = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                var r = api.send(id, Bytes.random(256 * 1024, i));
                assertThat(r.status()).isEqualTo(202);
                ops.add(r.json().path("id").asLong());
            }
            peer.reset();
            // C25: the failing operation and every one queued behind it fail with WSAECONNRESET
            for (long op : ops) {
                JsonNode ended = api.operation(op, 10_000);
                assertThat(ended.path("status").asString()).as("operation %d", op).isEqualTo("FAILED");
                assertThat(ended.path("wsaError").asString()).isEqualTo("WSAECONNRESET");
                assertThat(ended.path("wsaCode").asInt()).isEqualTo(10054);
            }
            // C24, C31: the failing send keeps the platform's words, as a failed open does
            assertThat(api.operation(ops.get(0), 0).path("detail").asString())
                    .matches("sendmsg failed with error\\((104|32)\\): .+");
            // later sends fail at once, with no operation
            var later = api.send(id, new byte[] {1});
            assertThat(later.status()).isEqualTo(409);
            assertThat(later.field("wsaError")).isEqualTo("WSAECONNRESET");
            // C5: the state and counters tell what happened
            JsonNode socket = api.get("/api/v1/sockets/" + id).json();
            assertThat(socket.path("state").asString()).isEqualTo("RESET");
            assertThat(socket.path("lastError").asString()).isEqualTo("WSAECONNRESET");
            assertThat(socket.path("stats").path("pendingOperations").asInt()).isZero();
            assertThat(socket.path("stats").path("failedSends").asLong()).isEqualTo(5);
        }
    }

    @Test
    void aDatagramLargerThanSoMaxMsgSizeFailsAndNothingArrives() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String id = openUdp(peer.getLocalPort());
            // C4: SO_MAX_MSG_SIZE for UDP over IPv4
            assertThat(api.get("/api/v1/sockets/" + id).json().path("maxMessageSize").asInt()).isEqualTo(65507);
            // C26: one byte more than the largest datagram
            var tooBig = api.send(id, new byte[65508]);
            assertThat(tooBig.status()).isEqualTo(400);
            assertThat(tooBig.field("wsaError")).isEqualTo("WSAEMSGSIZE");
            assertThat(tooBig.json().path("wsaCode").asInt()).isEqualTo(10040);
            peer.setSoTimeout(300);
            assertThat(receive(peer)).as("nothing arrives").isNull();

            // the largest one goes, as one datagram made of the buffers in order
            byte[] a = Bytes.random(65000, 1);
            byte[] b = Bytes.random(507, 2);
            assertThat(api.send(id, a, new byte[0], b).status()).isEqualTo(200);
            peer.setSoTimeout(5000);
            assertThat(receive(peer)).isEqualTo(Bytes.concat(a, b));
        }
    }

    @Test
    void aSendAfterOneThatDrewPortUnreachableFailsWithWsaeconnreset() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        String id = openUdp(closedPort);
        // C26: the first send goes; the ICMP port-unreachable it draws makes a later one fail
        assertThat(api.send(id, new byte[] {1}).status()).isEqualTo(200);
        io.sendgate.testing.Api.Reply later = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            later = api.send(id, new byte[] {2});
            if (later.status() != 200) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(later.status()).isEqualTo(409);
        assertThat(later.field("wsaError")).isEqualTo("WSAECONNRESET");
        assertThat(later.json().path("wsaCode").asInt()).isEqualTo(10054);
        // a datagram socket stays usable: the error concerned one datagram
        assertThat(api.get("/api/v1/sockets/" + id).json().path("state").asString()).isEqualTo("CONNECTED");
    }

    @Test
    void msgOobOnADatagramSocketAndMsgPartialAnywhereAreNotSupported() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             TcpPeer tcpPeer = TcpPeer.listening()) {
            String udp = openUdp(peer.getLocalPort());
            String tcp = api.openTcp(tcpPeer.port());
            tcpPeer.accept();
            // C10
            for (var c : List.of(new String[] {udp, "MSG_OOB"}, new String[] {udp, "MSG_PARTIAL"}, new String[] {tcp, "MSG_PARTIAL"})) {
                var r = api.post("/api/v1/sockets/" + c[0] + "/sends",
                        Map.of("buffers", io.sendgate.testing.Api.base64(new byte[] {1}), "flags", List.of(c[1])));
                assertThat(r.status()).as(c[1]).isEqualTo(400);
                assertThat(r.field("wsaError")).isEqualTo("WSAEOPNOTSUPP");
                assertThat(r.json().path("wsaCode").asInt()).isEqualTo(10045);
            }
            peer.setSoTimeout(300);
            assertThat(receive(peer)).isNull();
        }
    }

    @Test
    void msgOobOnTcpArrivesAsUrgentData() throws Exception {
        try (TcpPeer peer = TcpPeer.listeningOobOutOfLine()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            // C10: with SO_OOBINLINE off, the urgent byte (the last one sent with MSG_OOB) leaves the normal stream
            var r = api.post("/api/v1/sockets/" + id + "/sends",
                    Map.of("buffers", List.of(Map.of("text", "abc")), "flags", List.of("MSG_OOB")));
            assertThat(r.status()).isEqualTo(200);
            assertThat(api.send(id, "de".getBytes()).status()).isEqualTo(200);
            assertThat(new String(peer.awaitBytes(4, Duration.ofSeconds(5)))).isEqualTo("abde");
        }
        try (TcpPeer peer = TcpPeer.listening()) {
            String id = api.openTcp(peer.port());
            peer.accept().startReading();
            // with SO_OOBINLINE on, the same bytes arrive whole
            api.post("/api/v1/sockets/" + id + "/sends",
                    Map.of("buffers", List.of(Map.of("text", "abc")), "flags", List.of("MSG_OOB")));
            assertThat(new String(peer.awaitBytes(3, Duration.ofSeconds(5)))).isEqualTo("abc");
        }
    }

    @Test
    void aStreamSocketThatWasNeverConnectedSaysWsaenotconn() {
        // C27
        var open = api.post("/api/v1/sockets", Map.of("type", "TCP"));
        assertThat(open.status()).isEqualTo(201);
        assertThat(open.json().path("state").asString()).isEqualTo("NOT_CONNECTED");
        var r = api.send(open.field("id"), new byte[] {1});
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.field("wsaError")).isEqualTo("WSAENOTCONN");
        assertThat(r.json().path("wsaCode").asInt()).isEqualTo(10057);
    }

    @Test
    void aListenerIsNotASocketThatSends() {
        // C27: the listener's id is unknown under /sockets
        var l = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0));
        String listenerId = l.field("id");
        for (var r : List.of(api.get("/api/v1/sockets/" + listenerId), api.send(listenerId, new byte[] {1}))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.field("wsaError")).isEqualTo("WSAENOTSOCK");
            assertThat(r.json().path("wsaCode").asInt()).isEqualTo(10038);
        }
        api.delete("/api/v1/listeners/" + listenerId);
    }

    @Test
    void connectingToAClosedPortIsRefused() throws IOException {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var r = api.post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", "127.0.0.1", "remotePort", closedPort));
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.field("wsaError")).isEqualTo("WSAECONNREFUSED");
        assertThat(r.json().path("wsaCode").asInt()).isEqualTo(10061);
    }

    private String openUdp(int port) {
        var r = api.post("/api/v1/sockets", Map.of("type", "UDP", "remoteHost", "127.0.0.1", "remotePort", port));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.field("id");
    }

    private static byte[] receive(DatagramSocket peer) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
        try {
            peer.receive(p);
            return java.util.Arrays.copyOf(p.getData(), p.getLength());
        } catch (SocketTimeoutException none) {
            return null;
        }
    }
}
