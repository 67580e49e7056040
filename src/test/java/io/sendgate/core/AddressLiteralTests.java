package io.sendgate.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** C35, C38: what is an IP address is told without a resolver; everything else is a name. */
class AddressLiteralTests {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"127.0.0.1, 127.0.0.1", "127.1, 127.0.0.1", "2130706433, 127.0.0.1", "127.000.000.001, 127.0.0.1",
            "10.1.2, 10.1.0.2", "[::1], 0:0:0:0:0:0:0:1", "::1, 0:0:0:0:0:0:0:1", "[::ffff:127.0.0.1], 127.0.0.1"})
    void addressesAreRead(String text, String address) {
        assertThat(AddressPolicy.literal(text).getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost", "example.com", "10.20.30.40.50", "999.999.999.999", "1.2.3.256", "0x7f.1",
            "127..1", "127.0.0.1.", "-1", "[::1", "[nope]", "4294967296", ""})
    void anythingElseIsAName(String text) {
        assertThat(AddressPolicy.literal(text)).isNull();
    }
}
