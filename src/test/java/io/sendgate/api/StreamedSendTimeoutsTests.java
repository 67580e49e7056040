package io.sendgate.api;

import io.sendgate.testing.Api;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.RawHttp;
import io.sendgate.testing.RawUpload;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static io.sendgate.testing.StreamedSends.MIB;
import static io.sendgate.testing.StreamedSends.assertPeerGotExactly;
import static io.sendgate.testing.StreamedSends.ended;
import static io.sendgate.testing.StreamedSends.path;
import static io.sendgate.testing.StreamedSends.readingSocket;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streamed send (issue #10) whose client or peer stops moving: it ends after the server's read timeout (short
 * here), FAILED with WSAETIMEDOUT and the bytes that went out, and holds nothing afterwards (C38). The assertions
 * are on how the send ended and on the bytes the peer got, none on time.
 */
@TestPropertySource(properties = "server.tomcat.connection-timeout=1s")
class StreamedSendTimeoutsTests extends ServiceTest {
    @AfterEach
    void emptyThePool() {
        api.get("/api/v1/sockets").json().values().forEach(s -> api.delete("/api/v1/sockets/" + s.path("id").asString()));
    }

    @Test
    void aClientThatStopsSendingItsBodyFailsTheSendWithTheServersReadTimeout() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = readingSocket(api, peer);
            byte[] body = Bytes.random(4 * MIB, 20);
            RawHttp.Answer answer;
            try (RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body, 0, MIB);
                answer = upload.answer(); // the client sends nothing more, and waits
            }
            JsonNode op = ended(api, socket);
            assertThat(op.path("status").asString()).isEqualTo("FAILED");
            assertThat(op.path("wsaError").asString()).isEqualTo("WSAETIMEDOUT");
            assertThat(op.path("detail").asString()).contains("read timeout");
            // the container answers for the body it waited for, and names the send
            assertThat(answer.status()).as(answer.raw()).isEqualTo(408);
            assertThat(Api.JSON.readTree(answer.body()).path("operationId").asLong()).isEqualTo(op.path("id").asLong());
            assertPeerGotExactly(api, socket, peer, body, op.path("bytesTransferred").asLong());
        }
    }

    @Test
    void aPeerThatTakesNothingFailsTheSendAndTheRestOfTheBodyIsDropped() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = api.openTcp(peer.port(), "sendBufferBytes", 4096);
            peer.accept(); // and never reads while the body arrives
            byte[] body = Bytes.random(16 * MIB, 21);
            JsonNode answer;
            try (RawUpload upload = RawUpload.start(port, path(socket), body.length)) {
                upload.write(body);
                RawHttp.Answer raw = upload.answer();
                assertThat(raw.status()).as(raw.raw()).isEqualTo(200);
                answer = Api.JSON.readTree(raw.body());
            }
            assertThat(answer.path("status").asString()).isEqualTo("FAILED");
            assertThat(answer.path("wsaError").asString()).isEqualTo("WSAETIMEDOUT");
            assertThat(answer.path("detail").asString()).contains("took no byte");
            long sent = answer.path("bytesTransferred").asLong();
            assertThat(sent).isLessThan(body.length);
            assertPeerGotExactly(api, socket, peer, body, sent);
        }
    }
}
