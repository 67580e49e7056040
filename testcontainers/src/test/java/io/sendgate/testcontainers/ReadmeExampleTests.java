package io.sendgate.testcontainers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of the README's Testcontainers section, as a user writes it: the default image, the JUnit 5 extension,
 * the container's typed calls. Keep the two in step.
 */
@ExtendWith(DockerEngine.class)
@Testcontainers
class ReadmeExampleTests {

    @Container
    static SendgateContainer sendgate = new SendgateContainer();

    @Test
    void sendsHelloToAPeerOnLoopback() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(30_000);
            String socketId = sendgate.openTcp("127.0.0.1", peer.getLocalPort());
            try (Socket accepted = peer.accept()) {
                accepted.setSoTimeout(30_000);

                SendgateOperation sent = sendgate.send(socketId, "Hello, ".getBytes(US_ASCII), "peer".getBytes(US_ASCII));

                assertThat(accepted.getInputStream().readNBytes(11)).isEqualTo("Hello, peer".getBytes(US_ASCII));
                assertThat(sent.bytesTransferred()).isEqualTo(11);
            }
        }
    }
}
