package io.sendgate.trust;

import io.sendgate.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * C35, C36 with the two settings an operator uses to let a name or a page in: {@code sendgate.allowed-hosts}
 * and {@code sendgate.allowed-origins}. An allowed origin may change state and read with CORS; every other
 * still may not, and gets no CORS header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"sendgate.allowed-hosts=box.test", "sendgate.allowed-origins=http://tool.test:3000"})
class ConfiguredNamesTests {
    @LocalServerPort
    int port;

    @Test
    void anAllowedHostNameIsAnsweredAndOthersStillAreNot() {
        RawHttp raw = new RawHttp(port);
        assertThat(raw.send(get("/api/v1/sockets", "box.test:" + port, null)).status()).isEqualTo(200);
        assertThat(raw.send(get("/api/v1/sockets", "BOX.TEST.", null)).status()).isEqualTo(200);
        assertProblem(raw.send(get("/api/v1/sockets", "other.test:" + port, null)), 403, "WSAEACCES");
    }

    @Test
    void anAllowedOriginMayCallAndReadWithCorsAndOthersMayNot() {
        RawHttp raw = new RawHttp(port);
        String host = "127.0.0.1:" + port;
        RawHttp.Answer read = raw.send(get("/api/v1/sockets", host, "http://tool.test:3000"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo("http://tool.test:3000");

        RawHttp.Answer preflight = raw.send("OPTIONS /api/v1/sockets HTTP/1.1\r\nHost: " + host
                + "\r\nOrigin: http://tool.test:3000\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n");
        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://tool.test:3000");

        String body = "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":9}";
        RawHttp.Answer opened = raw.send("POST /api/v1/sockets HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://tool.test:3000"
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(opened.status()).as(opened.raw()).isEqualTo(201);

        RawHttp.Answer other = raw.send(get("/api/v1/sockets", host, "http://other.test:3000"));
        assertProblem(other, 403, "WSAEACCES");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    private static String get(String path, String host, String origin) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Connection: close\r\n\r\n";
    }
}
