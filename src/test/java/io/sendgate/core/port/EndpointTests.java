package io.sendgate.core.port;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Every address the service shows is written one way: RFC 5952's canonical text for IPv6. */
class EndpointTests {

    // RFC 5952 section 4: lower case, no leading zeros, the longest zero run (the first of equal ones)
    // shortened to ::, a single zero group left as 0.
    @Test
    void ipv6IsWrittenInItsCanonicalForm() throws Exception {
        assertThat(text("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("1:0:0:0:0:0:0:0")).isEqualTo("1::");
        assertThat(text("2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(text("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(text("fe80:0:0:0:0:0:0:1%1")).isEqualTo("fe80::1%1");
        assertThat(text("127.0.0.1")).isEqualTo("127.0.0.1");
        // the JDK takes an IPv4-mapped address for the IPv4 address it maps
        assertThat(text("::ffff:127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void anEndpointIsWrittenAsAUrlWritesIt() throws Exception {
        assertThat(new Endpoint(InetAddress.getByName("::1"), 80).toString()).isEqualTo("[::1]:80");
        assertThat(new Endpoint(InetAddress.getByName("127.0.0.1"), 80).toString()).isEqualTo("127.0.0.1:80");
        assertThat(new Endpoint(InetAddress.getByName("::1"), 80).host()).isEqualTo("::1");
        assertThat(Endpoint.text(new InetSocketAddress(InetAddress.getByName("0:0:0:0:0:0:0:1"), 9))).isEqualTo("[::1]:9");
    }

    private static String text(String literal) throws Exception {
        return Endpoint.text(InetAddress.getByName(literal));
    }
}
