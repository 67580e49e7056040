package io.sendgate.api.edge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C35 for a service that listens on every address, which no test service here does (they listen on
 * loopback): the address the connection reached is a name of the service, other names are not.
 */
class HostNamesTests {
    private final HostNames everywhere = new HostNames("0.0.0.0", List.of("box.test"));
    private final HostNames loopbackOnly = new HostNames("127.0.0.1", List.of());

    // C35
    @Test
    void listeningEverywhereTheAddressReachedIsAName() {
        assertThat(everywhere.refusal("10.1.2.3:8080", "10.1.2.3")).isNull();
        assertThat(everywhere.refusal("[::1]:8080", "10.1.2.3")).isNull();
        assertThat(everywhere.refusal("LOCALHOST.:8080", "10.1.2.3")).isNull();
        assertThat(everywhere.refusal("box.test", "10.1.2.3")).isNull();
        assertThat(everywhere.refusal("10.9.9.9:8080", "10.1.2.3")).contains("DNS rebinding", "an address of this machine");
        assertThat(everywhere.refusal("attacker.example:8080", "10.1.2.3")).contains("sendgate.allowed-hosts");
    }

    // C35
    @Test
    void listeningOnLoopbackOnlyLoopbackAndItsOwnNamesAre() {
        assertThat(loopbackOnly.refusal("127.0.0.2", "127.0.0.1")).isNull();
        assertThat(loopbackOnly.refusal("127.1:80", "127.0.0.1")).isNull();
        assertThat(loopbackOnly.refusal("10.1.2.3", "10.1.2.3")).contains("127.0.0.1");
        assertThat(loopbackOnly.refusal(null, "127.0.0.1")).contains("without a Host header");
    }
}
