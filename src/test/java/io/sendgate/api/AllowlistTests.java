package io.sendgate.api;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C33: targets and listener addresses outside the allowlist fail before any packet is sent. The test
 * narrows the allowlist to 127.0.0.1 so the refused target is still on loopback: even a broken check
 * could not send traffic off this machine.
 */
@TestPropertySource(properties = "sendgate.allowlist=127.0.0.1/32")
class AllowlistTests extends ServiceTest {

    @Test
    void aTargetOutsideTheAllowlistIsRefusedBeforeConnecting() {
        for (String type : new String[] {"TCP", "UDP"}) {
            var r = api.post("/api/v1/sockets", Map.of("type", type, "remoteHost", "127.0.0.2", "remotePort", 9));
            assertThat(r.status()).as(type).isEqualTo(403);
            assertThat(r.field("wsaError")).isEqualTo("WSAEACCES");
            assertThat(r.json().path("wsaCode").asInt()).isEqualTo(10013);
            assertThat(r.json().path("detail").asString()).contains("127.0.0.2").contains("sendgate.allowlist");
        }
        assertThat(api.get("/api/v1/sockets").json().size()).isZero();
    }

    @Test
    void aListenerAddressOutsideTheAllowlistIsRefused() {
        for (String host : new String[] {"127.0.0.2", "0.0.0.0", "::1"}) {
            var r = api.post("/api/v1/listeners", Map.of("host", host, "port", 0));
            assertThat(r.status()).as(host).isEqualTo(403);
            assertThat(r.field("wsaError")).isEqualTo("WSAEACCES");
        }
    }

    @Test
    void anAllowedAddressWorks() {
        var r = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0));
        assertThat(r.status()).isEqualTo(201);
        api.delete("/api/v1/listeners/" + r.field("id"));
    }
}
