package io.sendgate.core;

import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.SocketKind;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The pool of native sockets, addressed by opaque ids (C1-C5, C22). */
public final class SocketPool implements AutoCloseable {
    private final NativeSockets natives;
    private final AddressPolicy policy;
    private final CompletionLog log;
    private final Limits limits;
    private final Clock clock;
    private final Waits waits;
    private final ServiceGate gate;
    private final ByteBudget budget;
    private final java.util.concurrent.Executor captureThread;
    private final java.util.concurrent.Executor patternThread;
    private final OperationObserver observer;
    private final Map<String, PooledSocket> sockets = new ConcurrentHashMap<>();
    /** Sockets in the pool plus those being opened; guarded by {@code this}, as is the gate's stop. */
    private int slots;
    private final AtomicLong lastId = new AtomicLong();

    /**
     * @param budget        where capture buffers are counted (C28, C44)
     * @param captureThread where capture receives' completions are handled, off the driver's thread
     * @param patternThread where regular expressions are looked for in captured bytes, off the capture thread
     * @param observer      told of every operation accepted, ended or refused on the pool's sockets (metrics)
     */
    public SocketPool(NativeSockets natives, AddressPolicy policy, CompletionLog log, Limits limits, Clock clock,
                      Waits waits, ServiceGate gate, ByteBudget budget, java.util.concurrent.Executor captureThread,
                      java.util.concurrent.Executor patternThread, OperationObserver observer) {
        this.observer = observer;
        this.budget = budget;
        this.captureThread = captureThread;
        this.patternThread = patternThread;
        this.natives = natives;
        this.policy = policy;
        this.log = log;
        this.limits = limits;
        this.clock = clock;
        this.waits = waits;
        this.gate = gate;
    }

    /**
     * Opens a socket: TCP connects to the remote (C1), UDP takes it as default peer (C2). Without a
     * remote host, a TCP socket stays unconnected (sends then fail with WSAENOTCONN, C27). Nothing waits
     * on a thread: the name is resolved and the handshake awaited as one bounded wait (C38), at most
     * {@code sendgate.limits.connect-timeout}.
     */
    public CompletableFuture<PooledSocket> open(SocketKind kind, String remoteHost, Integer remotePort,
                                                SocketAttributes attributes) {
        gate.refuseWhenStopping();
        if (remoteHost != null && (remotePort == null || remotePort == 0)) {
            throw new WsaException(WsaError.WSAEADDRNOTAVAIL, "remotePort must be given, 1..65535");
        }
        if (remoteHost != null) {
            AddressPolicy.checkHost(remoteHost);
        }
        reserveSlot();
        Waits.Slot wait;
        CompletableFuture<NativeSocket> created;
        try {
            wait = waits.take(Waits.Kind.CONNECT);
            try {
                created = create(kind, remoteHost, remotePort, attributes);
            } catch (RuntimeException e) {
                wait.release();
                throw e;
            }
        } catch (RuntimeException e) {
            releaseSlot();
            throw e;
        }
        return waits.within(wait, created, limits.connectTimeout(), () -> {
            created.completeExceptionally(new WsaException(WsaError.WSAETIMEDOUT, "Opening the socket to "
                    + remoteHost + ":" + remotePort + " did not complete within " + limits.connectTimeout().toMillis()
                    + " ms (sendgate.limits.connect-timeout)"));
            return created;
        }).handle((nat, error) -> {
            if (error != null) {
                // A socket that arrives after the answer was given (timeout, stop) must not stay open.
                if (!created.completeExceptionally(error) && !created.isCompletedExceptionally()) {
                    created.join().close();
                }
                releaseSlot();
                throw Futures.failure(error);
            }
            return addReserved(nat, attributes, null);
        });
    }

    /**
     * Resolves the remote and creates the native socket. The future is the one handle on the attempt: once
     * it has ended otherwise (timeout, stop), a socket that still arrives is closed, and a pending connect
     * is abandoned.
     */
    private CompletableFuture<NativeSocket> create(SocketKind kind, String remoteHost, Integer remotePort,
                                                   SocketAttributes attributes) {
        CompletableFuture<NativeSocket> created = new CompletableFuture<>();
        CompletableFuture<InetSocketAddress> target;
        try {
            target = remoteHost == null
                    ? CompletableFuture.completedFuture(null)
                    // a caller that gave up no longer needs the lookup: it is skipped when its turn comes
                    : policy.resolveLater(remoteHost, remotePort, "target", () -> !created.isDone());
        } catch (RuntimeException refusedAtOnce) {
            // a malformed name, or no room to look one up: the attempt ends here, and open() gives back its
            // pool slot and its connect wait, which it has already taken (C34, C38)
            created.completeExceptionally(refusedAtOnce);
            return created;
        }
        target.whenComplete((remote, error) -> {
            if (error != null) {
                created.completeExceptionally(error);
                return;
            }
            if (created.isDone()) {
                return;
            }
            try {
                if (kind == SocketKind.TCP && remote != null) {
                    CompletableFuture<NativeSocket> connecting = natives.connectStream(remote, attributes.options());
                    created.whenComplete((s, e) -> {
                        if (e != null) {
                            connecting.cancel(false);
                        }
                    });
                    connecting.whenComplete((s, e) -> {
                        if (e != null) {
                            created.completeExceptionally(e);
                        } else if (!created.complete(s)) {
                            s.close();
                        }
                    });
                    return;
                }
                NativeSocket s = kind == SocketKind.TCP
                        ? natives.unconnectedStream(false, attributes.options())
                        : natives.datagram(remote, remote != null && remote.getAddress() instanceof Inet6Address,
                        attributes.options());
                if (!created.complete(s)) {
                    s.close();
                }
            } catch (RuntimeException e) {
                created.completeExceptionally(e);
            }
        });
        return created;
    }

    /** Takes a connection accepted from a listener into the pool (C3). */
    PooledSocket adopt(NativeSocket nat, SocketAttributes attributes, String listenerId) {
        try {
            reserveSlot();
        } catch (RuntimeException e) {
            nat.close();
            throw e;
        }
        return addReserved(nat, attributes, listenerId);
    }

    private synchronized void reserveSlot() {
        gate.refuseWhenStopping();
        if (slots >= limits.maxSockets()) {
            throw new WsaException(WsaError.WSAEMFILE, "The pool holds its limit of " + limits.maxSockets()
                    + " sockets (sendgate.limits.max-sockets)");
        }
        slots++;
    }

    private synchronized void releaseSlot() {
        slots--;
    }

    /** Adds a socket whose slot was reserved; once stopping has begun it is closed instead (C23). */
    private PooledSocket addReserved(NativeSocket nat, SocketAttributes attributes, String acceptedFrom) {
        synchronized (this) {
            if (!gate.stopping()) {
                String id = "s-" + lastId.incrementAndGet();
                PooledSocket socket = new PooledSocket(id, nat, attributes, acceptedFrom, log, limits, clock, observer);
                Capture capture = attributes.capture() ? capture(socket, nat) : null;
                sockets.put(id, socket);
                if (capture != null) {
                    socket.startCapture(capture);
                }
                return socket;
            }
            slots--;
        }
        nat.close();
        throw ServiceGate.stoppingFailure();
    }

    /** Under the pool's lock: the capture of a socket about to join; a budget that cannot hold it refuses the socket. */
    private Capture capture(PooledSocket socket, NativeSocket nat) {
        try {
            return new Capture(socket, natives, budget, captureThread, patternThread, limits.maxCaptureBytes());
        } catch (RuntimeException e) {
            slots--;
            nat.close();
            throw e;
        }
    }

    /** The socket with this id; a closed one, a listener's id or an unknown one is WSAENOTSOCK (C22, C27). */
    public PooledSocket get(String id) {
        PooledSocket s = sockets.get(id);
        if (s == null) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No socket '" + id + "' in the pool", id, null, 0);
        }
        return s;
    }

    /**
     * Whether the pool ever gave out this id: a socket in the pool, or one closed since (whose operations
     * the log may still retain). Ids are {@code s-1}, {@code s-2}, ... in the order sockets joined, so this
     * needs no record of the closed ones.
     */
    public boolean issued(String id) {
        if (id == null || !id.startsWith("s-") || id.length() > 21) {
            return false;
        }
        long n;
        try {
            n = Long.parseLong(id.substring(2));
        } catch (NumberFormatException e) {
            return false;
        }
        return n >= 1 && n <= lastId.get() && id.equals("s-" + n);
    }

    /**
     * Refuses an id the pool never gave out with WSAENOTSOCK; a closed socket's id passes (C27).
     *
     * @throws WsaException WSAENOTSOCK
     */
    public void requireIssued(String id) {
        if (!issued(id)) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No socket '" + id + "' was ever in the pool", id, null, 0);
        }
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
            releaseSlot();
        }
    }

    /** A connection the service refuses (C40) leaves the pool with a reset. */
    void abort(PooledSocket s) {
        if (sockets.remove(s.id(), s)) {
            try {
                s.abort();
            } finally {
                releaseSlot();
            }
        }
    }

    public int size() {
        return sockets.size();
    }

    /** How many sockets of the pool are in {@code state} now: a walk over the pool that takes no lock. */
    public int count(SocketState state) {
        int n = 0;
        for (PooledSocket s : sockets.values()) {
            if (s.state() == state) {
                n++;
            }
        }
        return n;
    }

    /**
     * C23: stopping the service closes every socket, so every pending operation ends. The gate was shut
     * first, under the same lock as adds, so no socket can join the pool after this has run.
     */
    @Override
    public void close() {
        synchronized (this) {
            gate.stop();
        }
        for (String id : List.copyOf(sockets.keySet())) {
            try {
                close(id);
            } catch (WsaException alreadyGone) {
                // closed by a request while we were stopping
            }
        }
    }
}
