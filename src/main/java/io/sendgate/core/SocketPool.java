package io.sendgate.core;

import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.SocketKind;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The pool of native sockets, addressed by opaque ids (C1-C5, C22). */
public final class SocketPool implements AutoCloseable {
    private final NativeSockets natives;
    private final AddressPolicy policy;
    private final CompletionLog log;
    private final Limits limits;
    private final Clock clock;
    private final Map<String, PooledSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final AtomicLong lastId = new AtomicLong();

    public SocketPool(NativeSockets natives, AddressPolicy policy, CompletionLog log, Limits limits, Clock clock) {
        this.natives = natives;
        this.policy = policy;
        this.log = log;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Opens a socket: TCP connects to the remote (C1), UDP takes it as default peer (C2). Without a
     * remote host, a TCP socket stays unconnected (sends then fail with WSAENOTCONN, C27).
     */
    public PooledSocket open(SocketKind kind, String remoteHost, Integer remotePort, SocketAttributes attributes) {
        InetSocketAddress remote = null;
        if (remoteHost != null) {
            if (remotePort == null || remotePort == 0) {
                throw new WsaException(WsaError.WSAEADDRNOTAVAIL, "remotePort must be given, 1..65535");
            }
            remote = policy.resolve(remoteHost, remotePort, "target");
        }
        InetSocketAddress target = remote;
        return add(() -> {
            if (kind == SocketKind.TCP) {
                return target == null ? natives.unconnectedStream(false, attributes.options())
                        : natives.connectStream(target, attributes.options(), limits.connectTimeout());
            }
            boolean ipv6 = target != null && target.getAddress() instanceof Inet6Address;
            return natives.datagram(target, ipv6, attributes.options());
        }, attributes, null);
    }

    /** Takes a connection accepted from a listener into the pool (C3). */
    PooledSocket adopt(Supplier<NativeSocket> accept, SocketAttributes attributes, String listenerId) {
        return add(accept, attributes, listenerId);
    }

    private PooledSocket add(Supplier<NativeSocket> create, SocketAttributes attributes, String acceptedFrom) {
        if (slots.incrementAndGet() > limits.maxSockets()) {
            slots.decrementAndGet();
            throw new WsaException(WsaError.WSAEMFILE, "The pool holds its limit of " + limits.maxSockets()
                    + " sockets (sendgate.limits.max-sockets)");
        }
        NativeSocket nat;
        try {
            nat = create.get();
        } catch (RuntimeException e) {
            slots.decrementAndGet();
            throw e;
        }
        if (nat == null) {
            slots.decrementAndGet();
            return null;
        }
        String id = "s-" + lastId.incrementAndGet();
        PooledSocket socket = new PooledSocket(id, nat, attributes, acceptedFrom, log, limits, clock);
        sockets.put(id, socket);
        return socket;
    }

    /** The socket with this id; a closed one, a listener's id or an unknown one is WSAENOTSOCK (C22, C27). */
    public PooledSocket get(String id) {
        PooledSocket s = sockets.get(id);
        if (s == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No socket '" + id + "' in the pool", id, null, 0);
        }
        return s;
    }

    public List<PooledSocket> list() {
        return sockets.values().stream()
                .sorted(Comparator.comparingLong(s -> Long.parseLong(s.id().substring(2))))
                .toList();
    }

    public void close(String id) {
        PooledSocket s = sockets.remove(id);
        if (s == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No socket '" + id + "' in the pool", id, null, 0);
        }
        try {
            s.close();
        } finally {
            slots.decrementAndGet();
        }
    }

    public int size() {
        return sockets.size();
    }

    /** C23: stopping the service closes every socket, so every pending operation ends. */
    @Override
    public void close() {
        Collection<String> ids = List.copyOf(sockets.keySet());
        for (String id : ids) {
            try {
                close(id);
            } catch (WsaException alreadyGone) {
                // closed by a request while we were stopping
            }
        }
    }
}
