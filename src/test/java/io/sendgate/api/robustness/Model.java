package io.sendgate.api.robustness;

import io.sendgate.testing.Api;
import io.sendgate.testing.LoopbackPeers.TcpServer;
import io.sendgate.testing.TcpPeer;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the run made on the service and what it knows of it: a real connected socket whose peer records
 * every byte, a real listener, the sockets and listeners the run opened since, and every send the service
 * accepted, which is what the peer must get.
 */
final class Model {
    /** A send the service accepted: what it carries, and its operation (null when it was not overlapped). */
    record Accepted(Long id, byte[] payload, long bytesWhenAnswered) {
    }

    final TcpPeer peer;
    /** Where the sockets the run opens connect to; what they send is not looked at. */
    final TcpServer sink;
    String sock;
    String listener;
    int listenerPort;
    final List<Socket> listenerClients = new ArrayList<>();
    int pendingClients;

    /** Sockets the test may shut down or close (opened or accepted during the run); never {@link #sock}. */
    final List<String> spares = new ArrayList<>();
    final List<String> spareListeners = new ArrayList<>();
    final Set<String> closedIds = new LinkedHashSet<>();
    final Set<String> shutIds = new LinkedHashSet<>();

    /** Every send the service accepted on {@link #sock}, in the order it accepted them (C7). */
    final List<Accepted> accepted = new ArrayList<>();
    final Set<Long> knownOps = new LinkedHashSet<>();

    Model() throws IOException {
        peer = TcpPeer.listening();
        sink = TcpServer.listen(false, null).holdingEveryConnection();
    }

    void setUp(Api api) throws IOException {
        sock = api.openTcp(peer.port());
        peer.accept().startReading();
        Api.Reply l = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "backlog", 16));
        assertThat(l.status()).as(l.toString()).isEqualTo(201);
        listener = l.field("id");
        listenerPort = l.json().path("localPort").asInt();
    }

    void cleanUp(Api api) {
        for (String id : spares) {
            api.delete("/api/v1/sockets/" + id);
        }
        for (String id : spareListeners) {
            api.delete("/api/v1/listeners/" + id);
        }
        if (listener != null) {
            api.delete("/api/v1/listeners/" + listener);
        }
        if (sock != null) {
            api.delete("/api/v1/sockets/" + sock);
        }
        for (Socket s : listenerClients) {
            close(s);
        }
        close(peer);
        close(sink);
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
