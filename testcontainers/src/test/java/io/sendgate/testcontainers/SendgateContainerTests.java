package io.sendgate.testcontainers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The real image, built from this repository, sending to real peers on the host's loopback. */
@ExtendWith(DockerEngine.class)
@Testcontainers
class SendgateContainerTests {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PEER_TIMEOUT_MS = 30_000;
    private static final long WAIT_MS = 30_000;

    @Container
    static SendgateContainer sendgate = new SendgateContainer(DockerEngine.imageUnderTest());

    @Test
    void healthEndpointAnswersUp() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(sendgate.getHealthUri()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void imageRunsAsNonRootWithAWorkingHealthProbe() throws Exception {
        assertThat(sendgate.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
        assertThat(sendgate.execInContainer("/opt/sendgate/healthcheck.sh").getExitCode()).isZero();
    }

    @Test
    void tcpPeerReceivesTheBuffersInOrder() throws Exception {
        byte[] first = "Hello, ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = {0, 1, 2, (byte) 0xff};
        byte[] third = "World!".getBytes(StandardCharsets.UTF_8);
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            listener.setSoTimeout(PEER_TIMEOUT_MS);
            String socketId = sendgate.openTcp(LOOPBACK.getHostAddress(), listener.getLocalPort());
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(PEER_TIMEOUT_MS);

                SendgateOperation sent = settled(sendgate.send(socketId, first, second, third));

                assertThat(sent.status()).isEqualTo(SendgateOperation.Status.COMPLETED);
                assertThat(sent.bufferCount()).isEqualTo(3);
                assertThat(sent.bytesTransferred()).isEqualTo(17);
                assertThat(readExactly(peer.getInputStream(), 17)).isEqualTo(concat(first, second, third));
            } finally {
                sendgate.close(socketId);
            }
        }
    }

    @Test
    void largeSendArrivesWholeWhileThePeerReadsSlowly() throws Exception {
        byte[] payload = new byte[4 << 20];
        new Random(5).nextBytes(payload);
        byte[] head = Arrays.copyOfRange(payload, 0, 1000);
        byte[] tail = Arrays.copyOfRange(payload, 1000, payload.length);
        try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK)) {
            listener.setSoTimeout(PEER_TIMEOUT_MS);
            String socketId = sendgate.openTcp(LOOPBACK.getHostAddress(), listener.getLocalPort());
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(PEER_TIMEOUT_MS);

                // More than loopback's buffers hold, so the send stays pending until the peer reads.
                SendgateOperation submitted = sendgate.send(socketId, head, tail);
                byte[] received = readExactly(peer.getInputStream(), payload.length);
                SendgateOperation done = settled(submitted);

                assertThat(received).isEqualTo(payload);
                assertThat(done.status()).isEqualTo(SendgateOperation.Status.COMPLETED);
                assertThat(done.bytesTransferred()).isEqualTo(payload.length);
            } finally {
                sendgate.close(socketId);
            }
        }
    }

    @Test
    void udpPeerReceivesOneDatagram() throws Exception {
        byte[] datagram = "one datagram".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            peer.setSoTimeout(PEER_TIMEOUT_MS);
            String socketId = sendgate.openUdp(LOOPBACK.getHostAddress(), peer.getLocalPort());
            try {
                SendgateOperation sent = settled(sendgate.send(socketId, datagram));
                DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
                peer.receive(packet);

                assertThat(sent.status()).isEqualTo(SendgateOperation.Status.COMPLETED);
                assertThat(Arrays.copyOf(packet.getData(), packet.getLength())).isEqualTo(datagram);
            } finally {
                sendgate.close(socketId);
            }
        }
    }

    @Test
    void failuresCarryTheWinsockCode() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = probe.getLocalPort();
        }

        SendgateApiException refused = org.junit.jupiter.api.Assertions.assertThrows(SendgateApiException.class,
                () -> sendgate.openTcp(LOOPBACK.getHostAddress(), closedPort));

        assertThat(refused.getWsaError()).isEqualTo("WSAECONNREFUSED");
        assertThat(refused.getWsaCode()).isEqualTo(10061);
    }

    /** A pending send, read again after it ends; a completed one as it is. */
    private static SendgateOperation settled(SendgateOperation operation) {
        return operation.isPending() ? sendgate.operation(operation.id(), WAIT_MS) : operation;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        byte[] chunk = new byte[64 * 1024];
        while (out.size() < length) {
            int n = in.read(chunk, 0, Math.min(chunk.length, length - out.size()));
            if (n < 0) {
                break;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
