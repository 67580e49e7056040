package io.sendgate.api.robustness;

import io.sendgate.testing.Api;
import io.sendgate.testing.LoopbackPeers.TcpServer;
import io.sendgate.testing.TcpPeer;

import java.io.ByteArrayOutputStream;
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
    /** The listeners the run opened with autoAccept (C45). */
    final List<String> autoListeners = new ArrayList<>();
    final Set<String> closedIds = new LinkedHashSet<>();
    final Set<String> shutIds = new LinkedHashSet<>();

    /** Every send the service accepted on {@link #sock}, in the order it accepted them (C7). */
    final List<Accepted> accepted = new ArrayList<>();
    final Set<Long> knownOps = new LinkedHashSet<>();

    /** A receive the service accepted on {@link #recvSock} (C41, C42): its operation, or its bytes when answered with them. */
    record Received(Long id, byte[] data, boolean peek) {
    }

    /** The most bytes the test writes to each receiving peer, so that no write waits on a full window. */
    static final int MAX_TALK = 256 * 1024;
    /** The receiving socket: its peer writes what the run's receives on it must get, in order (C42). */
    final TcpPeer talker;
    String recvSock;
    final ByteArrayOutputStream recvStream = new ByteArrayOutputStream();
    int talkerWritten;
    final List<Received> receives = new ArrayList<>();
    /** A receiving socket that takes any mutation; its bytes are not modelled. */
    final TcpPeer scratchPeer;
    String recvScratch;
    /** The capturing socket: its peer writes text the run reads back by offset and expects (C44). */
    final TcpPeer capPeer;
    String capSock;
    private final ByteArrayOutputStream capStream = new ByteArrayOutputStream();
    /** Where the capture's held bytes start (the highest offset a reader asked from) and what the test saw captured. */
    long capBase;
    long capConfirmed;
    final TcpPeer capScratchPeer;
    String capScratch;

    Model() throws IOException {
        peer = TcpPeer.listening();
        sink = TcpServer.listen(false, null).holdingEveryConnection();
        talker = TcpPeer.listening();
        scratchPeer = TcpPeer.listening();
        capPeer = TcpPeer.listening();
        capScratchPeer = TcpPeer.listening();
    }

    void setUp(Api api) throws IOException {
        sock = api.openTcp(peer.port());
        peer.accept().startReading();
        Api.Reply l = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "backlog", 16));
        assertThat(l.status()).as(l.toString()).isEqualTo(201);
        listener = l.field("id");
        listenerPort = l.json().path("localPort").asInt();
        // C41: blocking receives on them wait at most 50 ms (SO_RCVTIMEO)
        recvSock = api.openTcp(talker.port(), "receiveTimeoutMs", 50);
        talker.accept();
        recvScratch = api.openTcp(scratchPeer.port(), "receiveTimeoutMs", 50);
        scratchPeer.accept();
        capSock = api.openTcp(capPeer.port(), "capture", true);
        capPeer.accept();
        capScratch = api.openTcp(capScratchPeer.port(), "capture", true);
        capScratchPeer.accept().write("x".getBytes());
    }

    void talk(byte[] bytes, Tally tally) {
        write(talker, bytes, tally);
        recvStream.writeBytes(bytes);
        talkerWritten += bytes.length;
    }

    void scratchTalk(byte[] bytes, Tally tally) {
        write(scratchPeer, bytes, tally);
    }

    void capTalk(byte[] bytes, Tally tally) {
        write(capPeer, bytes, tally);
        capStream.writeBytes(bytes);
    }

    byte[] capStream() {
        return capStream.toByteArray();
    }

    int capWritten() {
        return capStream.size();
    }

    private static void write(TcpPeer to, byte[] bytes, Tally tally) {
        try {
            to.write(bytes);
        } catch (IOException e) {
            tally.failure("a peer could not write " + bytes.length + " bytes: " + e);
        }
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
        for (String id : new String[] {sock, recvSock, recvScratch, capSock, capScratch}) {
            if (id != null) {
                api.delete("/api/v1/sockets/" + id);
            }
        }
        for (Socket s : listenerClients) {
            close(s);
        }
        close(peer);
        close(sink);
        close(talker);
        close(scratchPeer);
        close(capPeer);
        close(capScratchPeer);
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing
        }
    }
}
