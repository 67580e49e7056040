package com.example;

import io.sendgate.testcontainers.CapturedBytes;
import io.sendgate.testcontainers.SendgateContainer;
import io.sendgate.testcontainers.SendgateListener;
import io.sendgate.testcontainers.SendgateOperation;
import io.sendgate.testcontainers.SocketAttributes;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

@Testcontainers
class SendgateExampleTests {

    @Container
    static SendgateContainer sendgate = new SendgateContainer();   // the image sendgate:0.1.0-SNAPSHOT

    @Test
    void sendsHelloToAPeerOnLoopback() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(10_000);
            String socketId = sendgate.openTcp("127.0.0.1", peer.getLocalPort());
            try (Socket accepted = peer.accept()) {
                SendgateOperation sent = sendgate.send(socketId, "Hello, ".getBytes(US_ASCII), "peer".getBytes(US_ASCII));

                assertThat(accepted.getInputStream().readNBytes(11)).isEqualTo("Hello, peer".getBytes(US_ASCII));
                assertThat(sent.bytesTransferred()).isEqualTo(11);
            }
        }
    }

    @Test
    void aFakeServerHearsTheClientUnderTestAndAnswers() throws Exception {
        SendgateListener server = sendgate.listenAutoAccepting("127.0.0.1", 0, SocketAttributes.defaults().withCapture(true));
        try (Socket client = new Socket("127.0.0.1", server.localPort())) {   // the client under test
            client.setSoTimeout(10_000);
            client.getOutputStream().write("PING 1\r\n".getBytes(US_ASCII));
            String socketId = sendgate.awaitAccepted(server.id(), Duration.ofSeconds(10));

            CapturedBytes request = sendgate.expect(socketId, "\r\n", Duration.ofSeconds(10));
            sendgate.send(socketId, "PONG 1\r\n".getBytes(US_ASCII));

            assertThat(request.text()).isEqualTo("PING 1\r\n");
            assertThat(client.getInputStream().readNBytes(8)).isEqualTo("PONG 1\r\n".getBytes(US_ASCII));
        }
    }
}
