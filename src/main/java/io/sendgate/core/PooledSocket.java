package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket of the pool. The service is the one caller of WSASend on it (C7): every send, whatever its
 * mode, is accepted through {@link #submit} under the socket's lock, where the refusals are checked once
 * and the send joins the socket's {@link SendQueue}. {@link SocketCondition} holds its state and counters;
 * {@link NonOverlappedSends} emulates blocking and non-blocking sends above the queue.
 */
public final class PooledSocket {
    private final String id;
    private final NativeSocket nat;
    private final SocketAttributes attributes;
    private final String acceptedFrom;
    private final Instant openedAt;
    private final Limits limits;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final SocketCondition condition;
    private final SendQueue queue;

    PooledSocket(String id, NativeSocket nat, SocketAttributes attributes, String acceptedFrom,
                 CompletionLog log, Limits limits, Clock clock) {
        this.id = id;
        this.nat = nat;
        this.attributes = attributes;
        this.acceptedFrom = acceptedFrom;
        this.limits = limits;
        this.clock = clock;
        this.openedAt = clock.instant();
        this.condition = new SocketCondition(id, nat.kind(), nat.maxMessageSize(), nat.remote() != null);
        this.queue = new SendQueue(nat, condition, log, clock, this::headEnded);
    }

    public String id() {
        return id;
    }

    public SocketKind kind() {
        return nat.kind();
    }

    public SocketAttributes attributes() {
        return attributes;
    }

    /**
     * An accepted send, and whether it was still pending when WSASend answered: read under the socket's
     * lock, which its completion also takes, so the answer never says COMPLETED with WSA_IO_PENDING's status.
     */
    public record Accepted(Operation operation, boolean pending) {
    }

    /**
     * An overlapped send (C11): completed now, or pending with exactly one completion to come.
     *
     * @throws WsaException when it failed synchronously; then no operation exists (C14)
     */
    public Accepted sendOverlapped(Payload payload, Set<SendFlag> flags) {
        return submit(new Operation(id, true, payload, flags, clock));
    }

    /**
     * A blocking send (C12): accepted like an overlapped one; {@link NonOverlappedSends#awaitBlocking}
     * then waits for it without holding a thread.
     */
    Operation sendBlocking(Payload payload, Set<SendFlag> flags) {
        return submit(new Operation(id, false, payload, flags, clock)).operation();
    }

    /**
     * The one way a send is accepted: the refusals of the socket's state, then the queue. The payload is
     * owned from the first line: a refused send frees it at once, an accepted one when it ends.
     */
    private Accepted submit(Operation op) {
        lock.lock();
        try {
            condition.refuseUnsendable(op.totalBytes(), op.flags());
            if (queue.size() >= limits.maxPendingPerSocket()) {
                throw condition.refused(WsaError.WSAEWOULDBLOCK, "Too many outstanding sends on this socket: "
                        + queue.size() + " (sendgate.limits.max-pending-per-socket)");
            }
            queue.submit(op);
            return new Accepted(op, op.isPending());
        } catch (RuntimeException e) {
            discard(op, e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** A blocking send's time ran out: take it back (C12). */
    void timeOut(Operation op, Failure reason) {
        lock.lock();
        try {
            queue.abandon(op, reason);
        } finally {
            lock.unlock();
        }
    }

    /** A non-blocking send (C13): see {@link NonOverlappedSends#sendNow}. */
    Operation sendNonBlocking(Payload payload, Set<SendFlag> flags) {
        Operation op = new Operation(id, false, payload, flags, clock);
        lock.lock();
        try {
            condition.refuseUnsendable(op.totalBytes(), op.flags());
            long bytes = NonOverlappedSends.sendNow(nat, op, condition, queue.size());
            condition.tookNow(bytes);
            op.end(OperationStatus.COMPLETED, bytes, null, clock.instant());
            return op;
        } catch (RuntimeException e) {
            discard(op, e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** A send refused before it was accepted: no operation exists (C14); only its payload is freed. */
    private void discard(Operation op, RuntimeException why) {
        op.end(OperationStatus.FAILED, 0, Failure.of(why), clock.instant());
    }

    /** SIO_FLUSH (C21): aborts the queued sends that have not started; the started one is left to end. */
    public List<Operation> cancelQueued() {
        lock.lock();
        try {
            condition.refuseClosed();
            return queue.cancelQueued();
        } finally {
            lock.unlock();
        }
    }

    /**
     * shutdown (C20): SD_RECEIVE acts at once; SD_SEND refuses later sends at once, and the send side is
     * shut when the sends already accepted have gone out.
     */
    public SocketView shutdown(ShutdownHow how) {
        lock.lock();
        try {
            condition.refuseClosed();
            if (how.closesReceive() && !condition.receiveShut()) {
                nativeShutdown(ShutdownHow.SD_RECEIVE);
            }
            if (how.closesSend() && !condition.sendShut()) {
                if (queue.isEmpty()) {
                    nativeShutdown(ShutdownHow.SD_SEND);
                } else {
                    queue.whenDrained(() -> {
                        try {
                            nativeShutdown(ShutdownHow.SD_SEND);
                        } catch (WsaException e) {
                            condition.noteError(e.error());
                        }
                    });
                }
            }
            condition.shut(how.closesSend(), how.closesReceive());
            return viewLocked();
        } finally {
            lock.unlock();
        }
    }

    /** closesocket (C22): every pending operation ends ABORTED with the bytes it had sent. */
    public void close() {
        release(false);
    }

    /** closesocket with a reset, for a connection the service refuses (C40). */
    void abort() {
        release(true);
    }

    private void release(boolean reset) {
        lock.lock();
        try {
            if (condition.close()) {
                queue.close();
                if (reset) {
                    nat.abort();
                } else {
                    nat.close();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public SocketView view() {
        lock.lock();
        try {
            return viewLocked();
        } finally {
            lock.unlock();
        }
    }

    private SocketView viewLocked() {
        return new SocketView(id, nat.kind(), condition.state(), nat.local(), nat.remote(), attributes,
                nat.effectiveOptions(), nat.maxMessageSize(), acceptedFrom, openedAt, condition.lastError(),
                condition.stats(queue.size(), queue.headProgress()));
    }

    /** The driver's report that the started send ended; runs on its completion thread. */
    private void headEnded(Operation op, long bytes, Failure failure) {
        lock.lock();
        try {
            queue.headEnded(op, bytes, failure);
        } finally {
            lock.unlock();
        }
    }

    private void nativeShutdown(ShutdownHow how) {
        try {
            nat.shutdown(how);
        } catch (WsaException e) {
            throw e.on(id);
        }
    }
}
