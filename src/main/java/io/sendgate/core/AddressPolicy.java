package io.sendgate.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The allowlist of C33: outbound targets and listener addresses must fall in one of its blocks
 * (default: loopback only). A refused target fails before any packet is sent.
 */
public final class AddressPolicy {
    /** Name lookups in progress at once; a slow resolver then holds these threads, never a request's. */
    private static final int LOOKUP_THREADS = 4;
    private static final int LOOKUPS_QUEUED = 256;

    private final List<Cidr> allowed;
    private final ThreadPoolExecutor lookups;

    public AddressPolicy(List<String> cidrs) {
        this.allowed = cidrs.stream().map(Cidr::parse).toList();
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(LOOKUPS_QUEUED), r -> {
                    Thread t = new Thread(r, "sendgate-lookup");
                    t.setDaemon(true);
                    return t;
                });
        lookups.allowCoreThreadTimeOut(true);
    }

    /**
     * {@link #resolve} off the caller's thread: a name may take the resolver seconds, and a request thread
     * must not wait on it (C38).
     */
    public CompletableFuture<InetSocketAddress> resolveLater(String host, int port, String purpose) {
        checkHost(host);
        try {
            return CompletableFuture.supplyAsync(() -> resolve(host, port, purpose), lookups);
        } catch (RejectedExecutionException e) {
            throw new WsaException(WsaError.WSAEWOULDBLOCK, LOOKUPS_QUEUED + " name lookups are waiting; try again");
        }
    }

    /** Resolves {@code host} and keeps its first address the allowlist admits. */
    public InetSocketAddress resolve(String host, int port, String purpose) {
        checkHost(host);
        if (port < 0 || port > 65535) {
            throw new WsaException(WsaError.WSAEINVAL, "Port " + port + " is outside 0..65535");
        }
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new WsaException(WsaError.WSAHOST_NOT_FOUND, "Host '" + host + "' could not be resolved");
        }
        for (InetAddress a : candidates) {
            if (admits(a)) {
                return new InetSocketAddress(a, port);
            }
        }
        throw new WsaException(WsaError.WSAEACCES, "The " + purpose + " " + host + " (" + candidates[0].getHostAddress()
                + ") is not in the allowlist " + allowed + " (sendgate.allowlist)");
    }

    /** An empty name would be taken as the local host: a caller who sent one meant something else. */
    static void checkHost(String host) {
        if (host == null || host.isBlank() || host.length() > 253 || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new WsaException(WsaError.WSAEINVAL, "A host is an IPv4 or IPv6 address or a name of 1..253 "
                    + "printable ASCII characters without spaces");
        }
    }

    public boolean admits(InetAddress address) {
        return allowed.stream().anyMatch(c -> c.contains(address));
    }

    /** An address block such as {@code 127.0.0.0/8} or {@code ::1/128}. */
    record Cidr(byte[] network, int prefix, String text) {
        static Cidr parse(String text) {
            String[] parts = text.trim().split("/", 2);
            try {
                byte[] net = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
                if (prefix < 0 || prefix > net.length * 8) {
                    throw new IllegalArgumentException("Prefix out of range in allowlist entry '" + text + "'");
                }
                return new Cidr(net, prefix, text.trim());
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not an address block: '" + text + "'", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest);
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
