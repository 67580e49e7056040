package io.sendgate.core;

import io.sendgate.core.port.Endpoint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
     * must not wait on it (C38). An address is answered at once.
     *
     * @param stillWanted asked when the lookup's turn comes: false skips it (its caller gave up)
     */
    public CompletableFuture<InetSocketAddress> resolveLater(String host, int port, String purpose,
                                                             BooleanSupplier stillWanted) {
        checkHost(host);
        if (literal(host) != null) {
            // an address needs no resolver: it must never queue behind names a slow resolver holds up
            return CompletableFuture.completedFuture(resolve(host, port, purpose));
        }
        CompletableFuture<InetSocketAddress> answer = new CompletableFuture<>();
        try {
            lookups.execute(() -> {
                // a caller that gave up (its timeout passed) no longer needs the lookup, nor its place in line
                if (!stillWanted.getAsBoolean()) {
                    answer.cancel(false);
                    return;
                }
                try {
                    answer.complete(resolve(host, port, purpose));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new WsaException(WsaError.WSAEWOULDBLOCK, LOOKUPS_QUEUED + " name lookups are waiting; try again");
        }
        return answer;
    }

    /** Resolves {@code host} and keeps its first address the allowlist admits. */
    public InetSocketAddress resolve(String host, int port, String purpose) {
        checkHost(host);
        if (port < 0 || port > 65535) {
            throw new WsaException(WsaError.WSAEINVAL, "Port " + port + " is outside 0..65535");
        }
        InetAddress[] candidates;
        try {
            InetAddress address = literal(host);
            candidates = address != null ? new InetAddress[] {address} : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new WsaException(WsaError.WSAHOST_NOT_FOUND, "Host '" + host + "' could not be resolved");
        }
        for (InetAddress a : candidates) {
            if (admits(a)) {
                return new InetSocketAddress(a, port);
            }
        }
        throw new WsaException(WsaError.WSAEACCES, "The " + purpose + " " + host + " (" + Endpoint.text(candidates[0])
                + ") is not in the allowlist " + allowed + " (sendgate.allowlist)");
    }

    /**
     * The address an IP literal names, without ever asking a resolver; null for a name. IPv4 as
     * inet_aton reads it (one to four decimal parts: {@code 127.1} is 127.0.0.1), IPv6 only in brackets
     * or with colons, parsed by the JDK, which resolves nothing once brackets say it is a literal.
     */
    public static InetAddress literal(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            String inner = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            try {
                return InetAddress.getByName("[" + inner + "]");
            } catch (UnknownHostException notALiteral) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 10 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            long n = Long.parseLong(part);
            // the last part fills what the others left: 127.1 is 127.0.0.1, 2130706433 is 127.0.0.1
            long max = i == parts.length - 1 ? (1L << (8 * (4 - i))) - 1 : 255;
            if (n > max) {
                return null;
            }
            value = i == parts.length - 1 ? value | n : value | n << (8 * (3 - i));
        }
        byte[] address = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException impossible) {
            return null;
        }
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
