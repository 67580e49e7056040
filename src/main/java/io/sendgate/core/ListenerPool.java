package io.sendgate.core;

import io.sendgate.core.port.NativeSockets;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Listeners and the connections accepted from them into the socket pool (C3). */
public final class ListenerPool implements AutoCloseable {
    private final NativeSockets natives;
    private final AddressPolicy policy;
    private final SocketPool sockets;
    private final Limits limits;
    private final Clock clock;
    private final Map<String, PooledListener> listeners = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();

    public ListenerPool(NativeSockets natives, AddressPolicy policy, SocketPool sockets, Limits limits, Clock clock) {
        this.natives = natives;
        this.policy = policy;
        this.sockets = sockets;
        this.limits = limits;
        this.clock = clock;
    }

    public synchronized PooledListener listen(String host, int port, int backlog) {
        if (backlog < 1 || backlog > 4096) {
            throw new WsaException(WsaError.WSAEINVAL, "backlog must be 1..4096, not " + backlog);
        }
        if (listeners.size() >= limits.maxListeners()) {
            throw new WsaException(WsaError.WSAEMFILE, "The service holds its limit of " + limits.maxListeners()
                    + " listeners (sendgate.limits.max-listeners)");
        }
        InetSocketAddress local = policy.resolve(host, port, "listener address");
        String id = "l-" + lastId.incrementAndGet();
        PooledListener listener = new PooledListener(id, natives.listen(local, backlog), backlog, clock.instant());
        listeners.put(id, listener);
        return listener;
    }

    public PooledListener get(String id) {
        PooledListener l = listeners.get(id);
        if (l == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No listener '" + id + "'", id, null, 0);
        }
        return l;
    }

    public List<PooledListener> list() {
        return listeners.values().stream()
                .sorted(Comparator.comparingLong(l -> Long.parseLong(l.id().substring(2))))
                .toList();
    }

    /**
     * Waits up to {@code timeout} for one incoming connection and adds it to the pool.
     *
     * @return the accepted socket, or null when none came in time
     */
    public PooledSocket accept(String id, Duration timeout, SocketAttributes attributes) {
        if (timeout.isNegative() || timeout.compareTo(limits.maxWait()) > 0) {
            throw new WsaException(WsaError.WSAEINVAL, "timeoutMs must be 0.." + limits.maxWait().toMillis()
                    + " (sendgate.limits.max-wait)");
        }
        PooledListener l = get(id);
        return sockets.adopt(() -> l.nat().accept(timeout, attributes.options()), attributes, id);
    }

    public void close(String id) {
        PooledListener l = listeners.remove(id);
        if (l == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No listener '" + id + "'", id, null, 0);
        }
        l.nat().close();
    }

    @Override
    public void close() {
        for (String id : List.copyOf(listeners.keySet())) {
            try {
                close(id);
            } catch (WsaException alreadyGone) {
                // closed by a request while we were stopping
            }
        }
    }
}
