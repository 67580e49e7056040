package io.sendgate.jna.posix;

/**
 * SO_MAX_MSG_SIZE, which Linux has no option for: the largest UDP payload, 65535 less the IP and UDP
 * headers (IPv4: 20 + 8; IPv6: the 40-byte header is not counted in its payload length, so 8), which is
 * what Winsock reports.
 */
final class Datagrams {
    static final int MAX_UDP_IPV4 = 65507;
    static final int MAX_UDP_IPV6 = 65527;

    private Datagrams() {
    }

    static int maxMessageSize(boolean ipv6) {
        return ipv6 ? MAX_UDP_IPV6 : MAX_UDP_IPV4;
    }
}
