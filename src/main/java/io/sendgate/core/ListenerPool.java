package io.sendgate.core;

import io.sendgate.core.port.NativeSockets;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Listeners and the connections accepted from them into the socket pool (C3, C40). */
public final class ListenerPool implements AutoCloseable {
    private final NativeSockets natives;
    private final AddressPolicy policy;
    private final SocketPool sockets;
    private final CompletionLog log;
    private final Limits limits;
    private final Clock clock;
    private final Waits waits;
    private final ServiceGate gate;
    private final Map<String, PooledListener> listeners = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();

    public ListenerPool(NativeSockets natives, AddressPolicy policy, SocketPool sockets, CompletionLog log,
                        Limits limits, Clock clock, Waits waits, ServiceGate gate) {
        this.natives = natives;
        this.policy = policy;
        this.sockets = sockets;
        this.log = log;
        this.limits = limits;
        this.clock = clock;
        this.waits = waits;
        this.gate = gate;
    }

    /**
     * bind + listen on {@code host:port}. A name is looked up off the caller's thread (C38), within the
     * connect timeout; binding itself does not wait.
     */
    public CompletableFuture<PooledListener> listen(String host, int port, int backlog) {
        return listen(host, port, backlog, null);
    }

    /**
     * @param autoAccept the attributes of the sockets it accepts by itself (C45), or null when callers accept
     */
    public CompletableFuture<PooledListener> listen(String host, int port, int backlog, SocketAttributes autoAccept) {
        gate.refuseWhenStopping();
        if (backlog < 1 || backlog > 4096) {
            throw new WsaException(WsaError.WSAEINVAL, "backlog must be 1..4096, not " + backlog);
        }
        Waits.Slot slot = waits.take(Waits.Kind.CONNECT);
        AtomicBoolean abandoned = new AtomicBoolean();
        CompletableFuture<InetSocketAddress> local;
        try {
            local = policy.resolveLater(host, port, "listener address", () -> !abandoned.get());
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        return Futures.then(waits.within(slot, local, limits.connectTimeout(), () -> {
            abandoned.set(true);
            return CompletableFuture.failedFuture(new WsaException(WsaError.WSAETIMEDOUT, "Looking up '" + host
                    + "' did not complete within " + limits.connectTimeout().toMillis()
                    + " ms (sendgate.limits.connect-timeout)"));
        }), address -> bind(address, backlog, autoAccept));
    }

    private synchronized PooledListener bind(InetSocketAddress local, int backlog, SocketAttributes autoAccept) {
        gate.refuseWhenStopping();
        if (listeners.size() >= limits.maxListeners()) {
            throw new WsaException(WsaError.WSAEMFILE, "The service holds its limit of " + limits.maxListeners()
                    + " listeners (sendgate.limits.max-listeners)");
        }
        String id = "l-" + lastId.incrementAndGet();
        PooledListener listener = new PooledListener(id, natives.listen(local, backlog), backlog, sockets, policy,
                log, clock, autoAccept);
        listeners.put(id, listener);
        listener.start();
        return listener;
    }

    public PooledListener get(String id) {
        PooledListener l = listeners.get(id);
        if (l == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No listener '" + id + "'", id, null, 0);
        }
        return l;
    }

    /** Listeners open now. */
    public int size() {
        return listeners.size();
    }

    public List<PooledListener> list() {
        return listeners.values().stream()
                .sorted(Comparator.comparingLong(l -> Long.parseLong(l.id().substring(2))))
                .toList();
    }

    /**
     * Waits up to {@code timeoutMs} for one incoming connection from an allowlisted peer and adds it to the
     * pool, without holding a thread (C38).
     *
     * @return the accepted socket, or null when none came in time
     */
    public CompletableFuture<PooledSocket> accept(String id, long timeoutMs, SocketAttributes attributes) {
        gate.refuseWhenStopping();
        Duration timeout = limits.boundedWait(timeoutMs, "timeoutMs");
        PooledListener l = get(id);
        Waits.Slot slot = waits.take(Waits.Kind.ACCEPT);
        CompletableFuture<PooledSocket> answer;
        try {
            answer = l.accept(attributes);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        return waits.within(slot, answer, timeout, () -> l.giveUp(answer));
    }

    public void close(String id) {
        PooledListener l = listeners.remove(id);
        if (l == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No listener '" + id + "'", id, null, 0);
        }
        l.close();
    }

    /**
     * C23: refuses new listeners and accepts, and ends every accept in progress at once. The gate is shut
     * under the lock {@link #bind} holds, so no listener can be added after this looked at them.
     */
    @Override
    public void close() {
        synchronized (this) {
            gate.stop();
        }
        for (String id : List.copyOf(listeners.keySet())) {
            try {
                close(id);
            } catch (WsaException alreadyGone) {
                // closed by a request while we were stopping
            }
        }
    }
}
