package io.sendgate.config;

import io.sendgate.SendgateApplication;
import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command works whatever else holds port 8080: started with no port named, the service
 * takes the next free one; a port that is named stays named.
 */
class DefaultPortTests {

    @Test
    void withEightyEightyHeldTheServiceStartsOnAnotherPortAndAnswersThere() throws Exception {
        // Held here if it is free; if another program holds it, it is held all the same.
        try (ServerSocket holder = holdIfFree(DefaultPort.PREFERRED);
             ConfigurableApplicationContext service = new SpringApplicationBuilder(SendgateApplication.class)
                     .properties("spring.main.banner-mode=off").run()) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            assertThat(port).isNotEqualTo(DefaultPort.PREFERRED);
            assertThat(new Api(port).get("/actuator/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aPortHeldOnAnyAddressIsTakenAndAFreeOneIsChosen() throws IOException {
        int port;
        try (ServerSocket loopbackOnly = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = loopbackOnly.getLocalPort();
            assertThat(DefaultPort.firstFree(port, port)).as("no port of the range is free: any port").isZero();
        }
        assertThat(DefaultPort.firstFree(port, port)).isEqualTo(port);
    }

    private static ServerSocket holdIfFree(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (IOException heldAlready) {
            s.close();
            return null;
        }
    }
}
