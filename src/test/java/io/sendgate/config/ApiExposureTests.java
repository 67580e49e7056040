package io.sendgate.config;

import io.sendgate.api.edge.ApiToken;
import io.sendgate.api.edge.Sessions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** C32: listening beyond loopback without an API token is refused at start, before anything binds. */
class ApiExposureTests {
    private final ApiExposure exposure = new ApiExposure();
    private final Sessions sessions = new Sessions(Clock.systemUTC());

    @Test
    void loopbackNeedsNoToken() {
        assertThat(exposure.apiToken(properties(Map.of()), sessions, "127.0.0.1", "", "").required()).isFalse();
        assertThat(exposure.apiToken(properties(Map.of()), sessions, "::1", "", "").required()).isFalse();
    }

    @Test
    void everyInterfaceOrAnotherAddressWithoutATokenIsRefused() {
        for (String address : new String[] {"0.0.0.0", "", "::"}) {
            assertThatThrownBy(() -> exposure.apiToken(properties(Map.of()), sessions, address, "", ""))
                    .as(address)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sendgate.api-token");
        }
    }

    @Test
    void aTokenAllowsListeningElsewhereAndGuardsTheApi() {
        ApiToken token = exposure.apiToken(properties(Map.of("sendgate.api-token", "a-token-of-16-chars")), sessions, "0.0.0.0", "", "");
        assertThat(token.required()).isTrue();
        assertThat(ApiToken.guards("/api/v1/sockets")).isTrue();
        assertThat(ApiToken.guards("/v3/api-docs")).isTrue();
        assertThat(ApiToken.guards("/actuator/health")).isFalse();
    }

    @Test
    void aTokenTooShortToResistGuessingIsRefusedAtStart() {
        // C32, C37: over loopback a token is tried thousands of times a second, and no rate limit can tell
        // the guesser from the user (every client has the same address)
        assertThatThrownBy(() -> exposure.apiToken(properties(Map.of("sendgate.api-token", "change-me")), sessions, "0.0.0.0", "", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 16 characters");
    }

    @Test
    void aManagementPortOfItsOwnBeyondLoopbackNeedsATokenToo() {
        // C32: the management port is served apart from the edge filter
        assertThatThrownBy(() -> exposure.apiToken(properties(Map.of()), sessions, "127.0.0.1", "8081", "0.0.0.0"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("management.server.address");
        assertThat(exposure.apiToken(properties(Map.of()), sessions, "127.0.0.1", "8081", "").required()).isFalse();
    }

    private static SendgateProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("sendgate", SendgateProperties.class);
    }
}
