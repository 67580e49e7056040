package io.sendgate.api.robustness;

import io.sendgate.core.Waits;
import io.sendgate.testing.Api;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.SseClient;
import io.sendgate.testing.TcpPeer;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * What the service must be after the run: as it was before it (no wait, no event stream, nothing of the
 * budget held), every accepted operation ended exactly once, its peer given exactly the bytes of the
 * accepted sends, and still healthy.
 */
final class FinalChecks {
    private final Service service;
    private final Api api;
    private final Model model;
    private final Tally tally;
    private final Dice dice;
    private final long heldBefore;
    private final long sendsBefore;
    private final long sequenceBefore;

    /** Notes what the service holds before the run: after it, it must hold that again. */
    FinalChecks(Service service, Model model, Tally tally, Dice dice) {
        this.service = service;
        this.api = service.api();
        this.model = model;
        this.tally = tally;
        this.dice = dice;
        // received bytes the completion log retains stay counted until they leave it (C41): they are not held by the run
        heldBefore = service.budget().held() - service.completionLog().heldBytes();
        sendsBefore = sendsOnTheSocket();
        sequenceBefore = service.completionLog().lastSequence();
    }

    void run() throws Exception {
        // C38: no accept, bounded wait or blocking send left waiting
        Waits waits = service.waits();
        for (Waits.Kind k : Waits.Kind.values()) {
            if (!eventually(() -> waits.inProgress(k) == 0, 3, 20)) {
                tally.failure(waits.inProgress(k) + " waits of kind " + k + " still in progress");
            }
        }
        receivesGotTheStream();
        Map<Long, JsonNode> ended = operationsEnded();
        peerGotTheSends(ended);

        // C5: every accepted send counted, and only those
        long sends = sendsOnTheSocket();
        if (sends - sendsBefore != model.accepted.size()) {
            tally.failure("the socket counts " + (sends - sendsBefore) + " sends; the service accepted "
                    + model.accepted.size());
        }
        endedOnce();

        // C28, C39: what the run held is given back
        if (!eventually(() -> heldByTheRun() == heldBefore, 3, 20)) {
            tally.failure("the byte budget holds " + heldByTheRun() + " bytes besides retained received data, "
                    + heldBefore + " before the run");
        }

        // C38: every stream the test hung up on gave its slot back
        if (!eventually(() -> service.streams().list().isEmpty(), 6, 50)) {
            tally.failure(service.streams().list().size() + " event streams still open: " + service.streams().list());
        }
        stillWorks();
    }

    /** C11, C15: every operation the test saw accepted has ended; read back, it says how. */
    private Map<Long, JsonNode> operationsEnded() {
        Map<Long, JsonNode> ended = new LinkedHashMap<>();
        for (long id : model.knownOps) {
            Api.Reply reply = api.get("/api/v1/operations/" + id + "?waitMs=3000");
            if (reply.status() != 200) {
                tally.failure("operation " + id + " could not be read back: " + reply);
                continue;
            }
            JsonNode op = reply.json();
            if (op.path("status").asString().equals("PENDING")) {
                tally.failure("operation " + id + " never ended: " + reply.body());
            }
            ended.put(id, op);
        }
        return ended;
    }

    /** C7, C8, C29: the peer got exactly the bytes of the valid sends, in the order they were accepted. */
    private void peerGotTheSends(Map<Long, JsonNode> ended) throws InterruptedException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Model.Accepted s : model.accepted) {
            long n = s.id() == null ? s.bytesWhenAnswered() : ended.containsKey(s.id())
                    ? ended.get(s.id()).path("bytesTransferred").asLong() : s.payload().length;
            expected.write(s.payload(), 0, (int) n);
        }
        byte[] want = expected.toByteArray();
        model.peer.awaitBytes(want.length, Duration.ofSeconds(10));
        // a send the service should not have made would come after the last one it should
        Thread.sleep(200);
        byte[] got = model.peer.received();
        if (!Arrays.equals(want, got)) {
            int at = 0;
            while (at < Math.min(want.length, got.length) && want[at] == got[at]) {
                at++;
            }
            tally.failure("the peer got " + got.length + " bytes, the valid sends carry " + want.length
                    + "; they first differ at byte " + at);
        }
    }

    /** C11, C14: each accepted operation ended exactly once, and no other send was started. */
    private void endedOnce() throws IOException, InterruptedException {
        Map<Long, Integer> completions = completions(sequenceBefore, model.knownOps);
        for (long id : model.knownOps) {
            int n = completions.getOrDefault(id, 0);
            if (n != 1) {
                tally.failure("operation " + id + " has " + n + " completion events");
            }
        }
        for (Map.Entry<Long, Integer> e : completions.entrySet()) {
            if (!model.knownOps.contains(e.getKey())) {
                tally.failure("operation " + e.getKey() + " completed, but no answer said it was accepted");
            }
        }
    }

    /**
     * The completion events since {@code after}, counted per operation (C11, C17), read from the event stream
     * until it has been quiet for a while after the last one expected.
     */
    private Map<Long, Integer> completions(long after, Set<Long> expected) throws IOException, InterruptedException {
        Map<Long, Integer> counts = new TreeMap<>();
        try (SseClient events = SseClient.open(service.port(), "/api/v1/events", String.valueOf(after))) {
            long deadline = System.nanoTime() + 15_000_000_000L;
            boolean quiet = false;
            while (System.nanoTime() < deadline) {
                SseClient.Event e = events.next(Duration.ofMillis(300));
                if (e == null) {
                    if (quiet) {
                        break;
                    }
                    quiet = counts.keySet().containsAll(expected);
                    continue;
                }
                if (SseClient.END.equals(e.name())) {
                    break;
                }
                if ("completion".equals(e.name())) {
                    counts.merge(e.json().path("id").asLong(), 1, Integer::sum);
                }
                quiet = false;
            }
        }
        return counts;
    }

    /** The service is healthy, and a valid send on a fresh socket still reaches its peer byte for byte. */
    private void stillWorks() throws IOException, InterruptedException {
        Api.Reply health = api.get("/actuator/health");
        if (health.status() != 200 || !health.field("status").equals("UP")) {
            tally.failure("health: " + health);
        }
        try (TcpPeer fresh = TcpPeer.listening()) {
            String id = api.openTcp(fresh.port());
            fresh.accept().startReading();
            byte[] a = dice.randomBytes(3000);
            byte[] b = dice.randomBytes(17);
            Api.Reply sent = api.send(id, a, b);
            if (sent.status() != 200 && sent.status() != 202) {
                tally.failure("a valid send on a fresh socket: " + sent);
            }
            byte[] arrived = fresh.awaitBytes(a.length + b.length, Duration.ofSeconds(10));
            if (!Arrays.equals(Bytes.concat(a, b), arrived)) {
                tally.failure("a fresh socket's peer got " + arrived.length + " bytes, not the " + (a.length + b.length) + " sent");
            }
            api.delete("/api/v1/sockets/" + id);
        }
    }

    private long heldByTheRun() {
        return service.budget().held() - service.completionLog().heldBytes();
    }

    /**
     * C41, C42: the receives accepted on the receiving socket got exactly what its peer wrote, in posting order,
     * each byte once; peeks saw the bytes next in line. The peer closes, so every pending receive ends, and the
     * rest of the stream is received up to its end. The scratch socket is closed: its pending receives end
     * ABORTED, once (C22).
     */
    private void receivesGotTheStream() throws IOException {
        api.delete("/api/v1/sockets/" + model.recvScratch);
        model.recvScratch = null;
        model.talker.shutdownOutput();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] stream = model.recvStream.toByteArray();
        for (Model.Received r : model.receives) {
            byte[] data = r.data();
            if (r.id() != null) {
                model.knownOps.add(r.id());
                Api.Reply op = api.get("/api/v1/operations/" + r.id() + "?waitMs=5000");
                data = ReceiveCalls.decode(op.json());
                if (op.json().path("status").asString().equals("PENDING")) {
                    tally.failure("receive " + r.id() + " still pending after the peer closed: " + op.body());
                }
            }
            if (!r.peek()) {
                got.writeBytes(data);
            } else if (!Arrays.equals(data, Arrays.copyOfRange(stream, got.size(), Math.min(stream.length, got.size() + data.length)))) {
                tally.failure("a peek at offset " + got.size() + " saw " + data.length + " bytes that are not the stream's");
            }
        }
        for (int i = 0; i < 400; i++) {
            Api.Reply rest = api.post("/api/v1/sockets/" + model.recvSock + "/receives", Map.of("bytes", 65536));
            JsonNode op = rest.json();
            if (rest.status() == 202) {
                op = api.get("/api/v1/operations/" + op.path("id").asLong() + "?waitMs=5000").json();
            } else if (rest.status() != 200) {
                tally.failure("a receive after the peer closed: " + rest);
                break;
            }
            model.knownOps.add(op.path("id").asLong());
            byte[] data = ReceiveCalls.decode(op);
            got.writeBytes(data);
            if (data.length == 0) {
                break;
            }
        }
        if (!Arrays.equals(stream, got.toByteArray())) {
            byte[] g = got.toByteArray();
            int at = 0;
            while (at < Math.min(g.length, stream.length) && g[at] == stream[at]) {
                at++;
            }
            tally.failure("the receives got " + g.length + " bytes, the peer wrote " + stream.length + "; they first differ at byte " + at);
        }
    }

    private long sendsOnTheSocket() {
        return api.get("/api/v1/sockets/" + model.sock).json().path("stats").path("sends").asLong();
    }

    /** Whether {@code done} holds within {@code seconds}, looked at every {@code pauseMillis}. */
    private static boolean eventually(BooleanSupplier done, int seconds, long pauseMillis) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(pauseMillis);
        }
        return done.getAsBoolean();
    }
}
