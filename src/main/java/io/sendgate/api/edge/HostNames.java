package io.sendgate.api.edge;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.AddressPolicy;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names this service answers to (C35): {@code localhost}, loopback literals, the address it listens
 * on (when it listens on every address: any address of this machine) and the names of
 * {@code sendgate.allowed-hosts}. A page that rebinds its own DNS name to 127.0.0.1 still sends its own
 * name in {@code Host}, which is none of these, so it is refused before any work.
 */
public final class HostNames {
    private final InetAddress listenAddress;
    private final boolean wildcard;
    private final Set<String> allowed;

    /** @param listenAddress {@code server.address}; empty or a wildcard address for every interface */
    public HostNames(String listenAddress, List<String> allowedHosts) {
        this.listenAddress = AddressPolicy.literal(listenAddress == null ? "" : listenAddress.trim());
        this.wildcard = this.listenAddress == null || this.listenAddress.isAnyLocalAddress();
        this.allowed = allowedHosts.stream().map(HostNames::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param host         the {@code Host} header as sent, with or without its port
     * @param localAddress the address this request's connection reached
     * @return null when it names this service, otherwise why not, for the problem detail
     */
    public String refusal(String host, String localAddress) {
        if (host == null || host.isBlank()) {
            return "A request without a Host header is refused: this service answers only to its own names";
        }
        String name = canonical(stripPort(host.trim()));
        if (name.equals("localhost") || allowed.contains(name)) {
            return null;
        }
        InetAddress ip = AddressPolicy.literal(name);
        // listening everywhere, an address of this machine is the one the connection reached
        if (ip != null && (ip.isLoopbackAddress() || ip.equals(listenAddress)
                || wildcard && ip.equals(AddressPolicy.literal(localAddress)))) {
            return null;
        }
        return "Host '" + host.trim() + "' is not a name of this service (localhost, a loopback address"
                + (wildcard ? ", an address of this machine" : ", " + Endpoint.text(listenAddress))
                + "): a page on another site may be trying to reach it through DNS rebinding. To allow the name, "
                + "add it to sendgate.allowed-hosts";
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    /** Lower case, without the trailing dot of a fully qualified name. */
    static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
