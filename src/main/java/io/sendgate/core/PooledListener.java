package io.sendgate.core;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A listening socket (C3) and the callers waiting to accept from it, served in arrival order. Nothing
 * blocks: the listener hears from the driver when connections wait and takes them at once, whether or not
 * a caller waits. A connection from a peer outside the allowlist is reset and reported there and then
 * (C40); an allowlisted one goes to the oldest caller waiting, or waits in line (at most {@code backlog} of
 * them, as the kernel's own line would hold) for the next caller. It is not a socket that sends: its id is
 * unknown under /sockets (C27).
 */
public final class PooledListener {
    private static final Logger LOG = LoggerFactory.getLogger(PooledListener.class);

    private record Waiter(CompletableFuture<PooledSocket> answer, SocketAttributes attributes) {
    }

    private final String id;
    private final NativeListener nat;
    private final int backlog;
    private final Instant openedAt;
    private final SocketPool pool;
    private final AddressPolicy policy;
    private final CompletionLog log;
    private final Clock clock;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Allowlisted connections taken before any caller asked, oldest first. */
    private final ArrayDeque<NativeSocket> ready = new ArrayDeque<>();
    /** The attributes every connection gets when the listener accepts by itself (C45); null when callers accept. */
    private final SocketAttributes autoAccept;
    private boolean armed;
    private boolean closed;

    PooledListener(String id, NativeListener nat, int backlog, SocketPool pool, AddressPolicy policy,
                   CompletionLog log, Clock clock, SocketAttributes autoAccept) {
        this.id = id;
        this.autoAccept = autoAccept;
        this.nat = nat;
        this.backlog = backlog;
        this.pool = pool;
        this.policy = policy;
        this.log = log;
        this.clock = clock;
        this.openedAt = clock.instant();
    }

    public String id() {
        return id;
    }

    public Endpoint local() {
        return nat.local();
    }

    public int backlog() {
        return backlog;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** The attributes of the sockets it accepts by itself (C45), or null when callers accept. */
    public SocketAttributes autoAccept() {
        return autoAccept;
    }

    /** Starts hearing of connections; called once the listener is in its pool. */
    synchronized void start() {
        arm();
    }

    /**
     * The next allowlisted connection, as a pooled socket with these attributes. The future is the
     * caller's place in line: {@link #giveUp} takes it out.
     */
    synchronized CompletableFuture<PooledSocket> accept(SocketAttributes attributes) {
        if (closed) {
            throw new WsaException(WsaError.WSAENOTSOCK, "No listener '" + id + "'", id, null, 0);
        }
        if (autoAccept != null) {
            throw new WsaException(WsaError.WSAEINVAL, "Listener " + id + " accepts by itself (autoAccept): its "
                    + "connections join the pool and are announced as accepted events", id, null, 0);
        }
        CompletableFuture<PooledSocket> answer = new CompletableFuture<>();
        if (!ready.isEmpty()) {
            // taken before anyone asked, so with the default options: this caller's are set now
            hand(ready.pollFirst(), new Waiter(answer, attributes), true);
            arm();
            return answer;
        }
        waiters.addLast(new Waiter(answer, attributes));
        arm();
        return answer;
    }

    /**
     * A caller stops waiting (its time ran out): unless a connection was handed to it meanwhile, its
     * answer becomes null. Either way the answer it returns is final.
     */
    synchronized CompletableFuture<PooledSocket> giveUp(CompletableFuture<PooledSocket> answer) {
        answer.complete(null);
        waiters.removeIf(w -> w.answer() == answer);
        return answer;
    }

    /**
     * Whether there is room to take a connection now: it accepts by itself, a caller waits, or the line of
     * ready ones has room.
     */
    private boolean wantsMore() {
        return autoAccept != null || !waiters.isEmpty() || ready.size() < backlog;
    }

    private void arm() {
        if (!armed && !closed && wantsMore()) {
            armed = true;
            nat.whenAcceptable(this::onAcceptable);
        }
    }

    /** On the driver's thread: take what waits; refuse outsiders, hand the others on or keep them ready. */
    private synchronized void onAcceptable() {
        armed = false;
        while (!closed && wantsMore()) {
            Waiter w = nextWaiter();
            NativeSocket conn;
            try {
                conn = nat.acceptNow(w != null ? w.attributes().options()
                        : autoAccept != null ? autoAccept.options() : SocketOptions.DEFAULTS);
            } catch (WsaException e) {
                if (w == null) {
                    LOG.warn("Listener {} could not accept: {}", id, e.getMessage());
                    break;
                }
                waiters.pollFirst().answer().completeExceptionally(e.on(id));
                continue;
            }
            if (conn == null) {
                break;
            }
            Endpoint peer = conn.remote();
            if (peer == null || !policy.admits(peer.address())) {
                refuse(conn, peer, "the address is outside the allowlist (sendgate.allowlist)");
            } else if (autoAccept != null) {
                adopt(conn, peer);
            } else if (w == null) {
                ready.addLast(conn);
            } else {
                waiters.pollFirst();
                hand(conn, w, false);
            }
        }
        arm();
    }

    /** The oldest caller still waiting, or null. */
    private Waiter nextWaiter() {
        while (!waiters.isEmpty() && waiters.peekFirst().answer().isDone()) {
            waiters.pollFirst();
        }
        return waiters.peekFirst();
    }

    /**
     * Gives an allowlisted connection to a caller, as a pooled socket with the caller's attributes.
     *
     * @param configure whether its options still have to be set (it was accepted before the caller came)
     */
    private void hand(NativeSocket conn, Waiter w, boolean configure) {
        try {
            if (configure && !SocketOptions.DEFAULTS.equals(w.attributes().options())) {
                conn.configure(w.attributes().options());
            }
            PooledSocket socket = pool.adopt(conn, w.attributes(), id);
            if (!w.answer().complete(socket)) {
                pool.close(socket.id());
            }
        } catch (WsaException e) {
            conn.close();
            w.answer().completeExceptionally(e.on(id));
        }
    }

    /**
     * C45: an auto-accepting listener puts the connection in the pool with its attributes, and the event
     * stream hears of it (C46). A pool that cannot take it (full, or its capture over the budget) resets it.
     */
    private void adopt(NativeSocket conn, Endpoint peer) {
        PooledSocket socket;
        try {
            if (!SocketOptions.DEFAULTS.equals(autoAccept.options())) {
                conn.configure(autoAccept.options());
            }
            socket = pool.adopt(conn, autoAccept, id);
        } catch (WsaException e) {
            conn.abort();
            refused(peer, e.getMessage());
            return;
        }
        log.append(new ConnectionNotice(ConnectionNotice.Kind.ACCEPTED, id, socket.id(), peer, clock.instant(),
                "Listener " + id + " accepted a connection from " + who(peer) + " as socket " + socket.id(), socket.view()));
    }

    /** C40: a peer outside the allowlist never joins the pool; it gets a reset, and the log says so. */
    private void refuse(NativeSocket conn, Endpoint peer, String reason) {
        conn.abort();
        refused(peer, reason);
    }

    private void refused(Endpoint peer, String reason) {
        String why = "Listener " + id + " reset a connection from " + who(peer) + ": " + reason;
        LOG.warn(why);
        log.append(new ConnectionNotice(ConnectionNotice.Kind.REFUSED, id, null, peer, clock.instant(), why, null));
    }

    private static String who(Endpoint peer) {
        return peer == null ? "an unknown peer" : peer.host() + " port " + peer.port();
    }

    /**
     * Closes the listener; callers still waiting hear WSAEINTR, as a blocking accept would (C3, C23), and
     * connections no caller took are closed.
     */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Waiter w : waiters) {
                w.answer().completeExceptionally(new WsaException(WsaError.WSAEINTR,
                        "The listener was closed while accept waited", id, null, 0));
            }
            waiters.clear();
            ready.forEach(NativeSocket::close);
            ready.clear();
        }
        nat.close();
    }
}
