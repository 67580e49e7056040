package io.sendgate.testcontainers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings reach the service through the environment: an API token and a limit. */
@ExtendWith(DockerEngine.class)
@Testcontainers
class SettingsTests {
    private static final String TOKEN = "settings-tests-token";

    @Container
    static SendgateContainer sendgate = new SendgateContainer(DockerEngine.imageUnderTest())
            .withApiToken(TOKEN)
            .withSetting("sendgate.limits.max-sockets", "1");

    @Test
    void apiCallsWithoutTheTokenAreRefused() {
        SendgateClient anonymous = new SendgateClient(sendgate.getBaseUri(), null);

        SendgateApiException refused = assertThrows(SendgateApiException.class, () -> anonymous.openTcp("127.0.0.1", 9));

        assertThat(refused.getHttpStatus()).isEqualTo(401);
        assertThat(refused.getWsaError()).isEqualTo("WSAEACCES");
    }

    @Test
    void theSocketLimitFromTheEnvironmentHolds() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(30_000);
            String first = sendgate.openTcp("127.0.0.1", peer.getLocalPort());
            try (Socket accepted = peer.accept()) {
                SendgateApiException full = assertThrows(SendgateApiException.class,
                        () -> sendgate.openTcp("127.0.0.1", peer.getLocalPort()));

                assertThat(full.getWsaError()).isEqualTo("WSAEMFILE");
                assertThat(full.getWsaCode()).isEqualTo(10024);
            } finally {
                sendgate.close(first);
            }
        }
    }
}
