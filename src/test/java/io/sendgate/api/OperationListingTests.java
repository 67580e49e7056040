package io.sendgate.api;

import io.sendgate.testing.Api;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/operations: the retained operations, newest first, filtered, on real sockets over loopback. */
class OperationListingTests extends ServiceTest {

    // The listing is newest first (by id), and its filters combine: socketId, status and kind, each repeatable.
    @Test
    void listsNewestFirstAndFiltersBySocketStatusAndKind() throws Exception {
        try (TcpPeer peerA = TcpPeer.listening(); TcpPeer peerB = TcpPeer.listening()) {
            String a = api.openTcp(peerA.port());
            peerA.accept().startReading();
            String b = api.openTcp(peerB.port());
            peerB.accept();
            List<Long> sendsOnA = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Api.Reply sent = api.send(a, "hello".getBytes(StandardCharsets.US_ASCII));
                sendsOnA.add(sent.json().get("id").asLong());
                api.operation(sendsOnA.get(i), 5000);
            }
            // a receive on b that stays pending: the peer sends nothing yet
            Api.Reply pending = api.post("/api/v1/sockets/" + b + "/receives", Map.of("bytes", 16));
            assertThat(pending.status()).isEqualTo(202);
            long receive = pending.json().get("id").asLong();

            List<Long> onA = ids(api.get("/api/v1/operations?socketId=" + a));
            assertThat(onA).containsExactly(sendsOnA.get(2), sendsOnA.get(1), sendsOnA.get(0));

            List<Long> both = ids(api.get("/api/v1/operations?socketId=" + a + "&socketId=" + b));
            assertThat(both).containsExactly(receive, sendsOnA.get(2), sendsOnA.get(1), sendsOnA.get(0));

            JsonNode pendingOnes = api.get("/api/v1/operations?socketId=" + b + "&status=PENDING").json();
            assertThat(pendingOnes).hasSize(1);
            assertThat(pendingOnes.get(0).get("id").asLong()).isEqualTo(receive);
            assertThat(pendingOnes.get(0).get("kind").asString()).isEqualTo("RECEIVE");
            assertThat(pendingOnes.get(0).get("wsaError").asString()).isEqualTo("WSA_IO_INCOMPLETE");
            assertThat(ids(api.get("/api/v1/operations?socketId=" + a + "&status=PENDING"))).isEmpty();
            assertThat(ids(api.get("/api/v1/operations?socketId=" + a + "&socketId=" + b + "&kind=SEND")))
                    .containsExactlyElementsOf(onA);
            assertThat(ids(api.get("/api/v1/operations?socketId=" + a + "&socketId=" + b + "&kind=RECEIVE")))
                    .containsExactly(receive);
            assertThat(ids(api.get("/api/v1/operations?socketId=" + b + "&status=COMPLETED&status=PENDING")))
                    .containsExactly(receive);

            // once the peer sends, the receive is COMPLETED; the listing leaves its bytes out, a read gives them
            peerB.write("abc".getBytes(StandardCharsets.US_ASCII));
            assertThat(api.operation(receive, 5000).get("status").asString()).isEqualTo("COMPLETED");
            JsonNode listed = api.get("/api/v1/operations?socketId=" + b + "&status=COMPLETED").json();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("bytesTransferred").asLong()).isEqualTo(3);
            assertThat(listed.get(0).has("data")).isFalse();
            assertThat(listed.get(0).get("dataOmitted").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/operations/" + receive).field("data")).isEqualTo("YWJj");
        }
    }

    // limit bounds a listing, before pages on from its last id; past the maximum is WSAEINVAL.
    @Test
    void limitAndBeforePageThroughAndTheMaximumIsEnforced() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String s = api.openTcp(peer.port());
            peer.accept().startReading();
            List<Long> sends = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long id = api.send(s, new byte[] {(byte) i}).json().get("id").asLong();
                api.operation(id, 5000);
                sends.add(0, id);
            }
            List<Long> first = ids(api.get("/api/v1/operations?socketId=" + s + "&limit=2"));
            assertThat(first).containsExactlyElementsOf(sends.subList(0, 2));
            List<Long> second = ids(api.get("/api/v1/operations?socketId=" + s + "&limit=2&before=" + first.get(1)));
            assertThat(second).containsExactlyElementsOf(sends.subList(2, 4));
            List<Long> last = ids(api.get("/api/v1/operations?socketId=" + s + "&limit=2&before=" + second.get(1)));
            assertThat(last).containsExactly(sends.get(4));

            JsonNode tooMany = assertProblem(api.get("/api/v1/operations?limit=1001"), 400, "WSAEINVAL");
            assertThat(tooMany.get("detail").asString()).contains("1..1000").contains("before=");
            assertProblem(api.get("/api/v1/operations?limit=0"), 400, "WSAEINVAL");
            // the default is 100 and the maximum 1000, whatever is retained
            assertThat(api.get("/api/v1/operations").json().size()).isLessThanOrEqualTo(100);
        }
    }

    // Unknown filter values are WSAEINVAL naming the known ones; a socket id never given out is WSAENOTSOCK;
    // a closed socket's retained operations are still listed.
    @Test
    void unknownValuesAreRefusedWithTheKnownOnesAndClosedSocketsStillList() throws Exception {
        JsonNode status = assertProblem(api.get("/api/v1/operations?status=DONE"), 400, "WSAEINVAL");
        assertThat(status.get("detail").asString()).contains("PENDING, COMPLETED, FAILED, ABORTED").contains("DONE");
        JsonNode kind = assertProblem(api.get("/api/v1/operations?kind=WRITE"), 400, "WSAEINVAL");
        assertThat(kind.get("detail").asString()).contains("SEND, RECEIVE").contains("WRITE");
        assertProblem(api.get("/api/v1/operations?status="), 400, "WSAEINVAL");
        assertProblem(api.get("/api/v1/operations?limit=ten"), 400, "WSAEINVAL");
        JsonNode notSock = assertProblem(api.get("/api/v1/operations?socketId=nope"), 404, "WSAENOTSOCK");
        assertThat(notSock.get("socketId").asString()).isEqualTo("nope");
        assertProblem(api.get("/api/v1/operations?socketId=s-999999999"), 404, "WSAENOTSOCK");

        try (TcpPeer peer = TcpPeer.listening()) {
            String s = api.openTcp(peer.port());
            peer.accept().startReading();
            long sent = api.send(s, new byte[] {1, 2, 3}).json().get("id").asLong();
            api.operation(sent, 5000);
            assertThat(api.delete("/api/v1/sockets/" + s).status()).isEqualTo(200);
            assertThat(ids(api.get("/api/v1/operations?socketId=" + s))).containsExactly(sent);
        }
    }

    private static List<Long> ids(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        reply.json().forEach(op -> ids.add(op.get("id").asLong()));
        return ids;
    }
}
