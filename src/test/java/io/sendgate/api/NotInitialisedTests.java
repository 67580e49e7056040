package io.sendgate.api;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C30: a native layer that failed to start answers WSANOTINITIALISED with a 503, and health says why.
 * Forcing the Winsock driver on Linux is a real failure to start, not a mock.
 */
@TestPropertySource(properties = "sendgate.driver=winsock")
class NotInitialisedTests extends ServiceTest {

    @Test
    void everySocketCallIsWsanotinitialisedAndHealthShowsTheCause() {
        var open = api.post("/api/v1/sockets", Map.of("type", "TCP", "remoteHost", "127.0.0.1", "remotePort", 9));
        var listen = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0));
        for (var r : new io.sendgate.testing.Api.Reply[] {open, listen}) {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.field("wsaError")).isEqualTo("WSANOTINITIALISED");
            assertThat(r.json().path("wsaCode").asInt()).isEqualTo(10093);
        }
        var health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(503);
        var driver = health.json().path("components").path("nativeDriver");
        assertThat(driver.path("status").asString()).isEqualTo("DOWN");
        assertThat(driver.path("details").path("driver").asString()).isEqualTo("winsock");
        assertThat(driver.path("details").path("cause").asString()).isNotBlank();
    }
}
