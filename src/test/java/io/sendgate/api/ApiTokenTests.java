package io.sendgate.api;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** C32: with an API token set, /api calls must present it; health and the API docs stay open. */
@TestPropertySource(properties = "sendgate.api-token=s3cret")
class ApiTokenTests extends ServiceTest {

    @Test
    void callsWithoutTheTokenAreRefusedWithAProblemDetail() {
        var r = api.get("/api/v1/sockets");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.field("wsaError")).isEqualTo("WSAEACCES");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        var wrong = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Authorization", "Bearer nope").GET());
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void callsWithTheTokenGoThrough() {
        var r = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Authorization", "Bearer s3cret").GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    }
}
