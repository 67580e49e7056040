package io.sendgate.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** C32: listening beyond loopback without an API token is refused at start, before anything binds. */
class ApiExposureTests {
    private final ApiExposure exposure = new ApiExposure();

    @Test
    void loopbackNeedsNoToken() {
        assertThat(exposure.apiTokenFilter(properties(Map.of()), "127.0.0.1").isEnabled()).isFalse();
        assertThat(exposure.apiTokenFilter(properties(Map.of()), "::1").isEnabled()).isFalse();
    }

    @Test
    void everyInterfaceOrAnotherAddressWithoutATokenIsRefused() {
        for (String address : new String[] {"0.0.0.0", "", "::"}) {
            assertThatThrownBy(() -> exposure.apiTokenFilter(properties(Map.of()), address))
                    .as(address)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sendgate.api-token");
        }
    }

    @Test
    void aTokenAllowsListeningElsewhereAndGuardsTheApi() {
        var filter = exposure.apiTokenFilter(properties(Map.of("sendgate.api-token", "t")), "0.0.0.0");
        assertThat(filter.isEnabled()).isTrue();
        assertThat(filter.getUrlPatterns()).containsExactly("/api/*");
    }

    private static SendgateProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("sendgate", SendgateProperties.class);
    }
}
