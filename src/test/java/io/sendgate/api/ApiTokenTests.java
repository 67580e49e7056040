package io.sendgate.api;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C32, C37: with an API token set, /api calls, the OpenAPI document and health's details need it, as a
 * header or as a browser session's cookie; the bare health status (container health checks) does not.
 */
@TestPropertySource(properties = "sendgate.api-token=s3cret-token-for-tests")
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
                .header("Authorization", "Bearer s3cret-token-for-tests").GET());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void healthTellsItsStatusToAnyoneAndItsDetailsOnlyWithTheToken() {
        var bare = api.get("/actuator/health");
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.field("status")).isEqualTo("UP");
        assertThat(bare.json().has("components")).isFalse();
        var full = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .header("Authorization", "Bearer s3cret-token-for-tests").GET());
        assertThat(full.json().path("components").path("nativeDriver").path("details").path("driver").asString())
                .isEqualTo("posix-epoll");
        assertThat(api.get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(api.get("/actuator/info").status()).isEqualTo(401);
    }

    @Test
    void theTokenGivenOnceOpensASessionCookieThatAuthenticates() {
        assertThat(api.get("/api/v1/session").json().path("tokenRequired").asBoolean()).isTrue();
        var wrong = api.post("/api/v1/session", "{\"token\":\"guess\"}");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.field("wsaError")).isEqualTo("WSAEACCES");

        var login = api.post("/api/v1/session", "{\"token\":\"s3cret-token-for-tests\"}");
        assertThat(login.status()).isEqualTo(204);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("sendgate-session-" + port + "=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("s3cret-token-for-tests");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        var withCookie = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Cookie", cookie).GET());
        assertThat(withCookie.status()).isEqualTo(200);
        assertThat(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
                .header("Cookie", cookie).GET()).json().path("authenticated").asBoolean()).isTrue();

        var logout = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/session"))
                .header("Cookie", cookie).DELETE());
        assertThat(logout.status()).isEqualTo(204);
        assertThat(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Cookie", cookie).GET()).status()).isEqualTo(401);
        // a forged cookie is nothing
        assertThat(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Cookie", "sendgate-session-" + port + "=s3cret-token-for-tests").GET()).status()).isEqualTo(401);
    }

    @Test
    void theSchemeIsCaseInsensitiveAndAnyValidSessionCookieCounts() {
        // RFC 9110: "bearer" is the same scheme as "Bearer"
        assertThat(api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Authorization", "bearer s3cret-token-for-tests").GET()).status()).isEqualTo(200);
        // C37: cookies are not kept apart by port, so a page on another port of this host can set one of the same
        // name for a narrower path, which the browser sends first: the browser's own session must still count
        var login = api.post("/api/v1/session", "{\"token\":\"s3cret-token-for-tests\"}");
        String own = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var tossed = api.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/sockets"))
                .header("Cookie", "sendgate-session-" + port + "=tossed; " + own).GET());
        assertThat(tossed.status()).isEqualTo(200);
    }

    @Test
    void thePagesLoadWithoutTheTokenAndSwaggerUiAsksForItFirst() {
        assertThat(api.get("/").status()).isEqualTo(200);
        assertThat(api.get("/app.js").status()).isEqualTo(200);
        var swagger = api.get("/swagger-ui/index.html");
        assertThat(swagger.status()).isEqualTo(302);
        assertThat(swagger.headers().firstValue("Location").orElseThrow()).endsWith("/?login=%2Fswagger-ui%2Findex.html");
    }
}
