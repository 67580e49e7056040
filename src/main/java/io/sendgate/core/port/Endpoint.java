package io.sendgate.core.port;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An address and port as the native layer reports them (getsockname, getpeername), and the one place that
 * writes an address as text: every address the service shows (sockets, listeners, events, problem details,
 * logs) goes through {@link #text(InetAddress)}.
 */
public record Endpoint(InetAddress address, int port) {
    /** The address as text, RFC 5952's canonical form for IPv6 ({@code ::1}, never {@code 0:0:0:0:0:0:0:1}). */
    public String host() {
        return text(address);
    }

    /** {@code 127.0.0.1:80} or {@code [::1]:80}, as a URL writes them (RFC 3986). */
    @Override
    public String toString() {
        return address instanceof Inet6Address ? "[" + host() + "]:" + port : host() + ":" + port;
    }

    /** What a message says of an address the caller gave or resolved: {@code [::1]:80}, {@code 127.0.0.1:80}. */
    public static String text(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return address.getHostString() + ":" + address.getPort();
        }
        return new Endpoint(address.getAddress(), address.getPort()).toString();
    }

    /**
     * An address as text. IPv4 in dotted decimal; IPv6 as RFC 5952 section 4 writes it: hexadecimal in lower
     * case without leading zeros, the longest run of two or more zero groups (the first of equally long runs)
     * written {@code ::}, a single zero group written {@code 0}. An address with a scope keeps its
     * {@code %scope} suffix. (Java's own {@code getHostAddress} writes every group: {@code 0:0:0:0:0:0:0:1}.)
     */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1; // a run must be longer than this to be shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        String host = out.toString();
        String full = v6.getHostAddress();
        int scope = full.indexOf('%');
        return scope < 0 ? host : host + full.substring(scope);
    }
}
