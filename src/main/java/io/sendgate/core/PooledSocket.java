package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket of the pool. The service is the one caller of WSASend and WSARecv on it (C7, C42): every
 * operation, whatever its mode, is accepted through {@link #submit} under the socket's lock, where the
 * refusals are checked once and it joins its direction's {@link OperationQueue} (sends and receives are
 * independent queues: neither ever waits for the other). {@link SocketCondition} holds its state and
 * counters; {@link NonOverlappedCalls} emulates blocking and non-blocking calls above the queues.
 */
public final class PooledSocket {
    private final String id;
    private final NativeSocket nat;
    private final SocketAttributes attributes;
    private final String acceptedFrom;
    private final Instant openedAt;
    private final Limits limits;
    private final Clock clock;
    private final OperationObserver observer;

    private final ReentrantLock lock = new ReentrantLock();
    private final SocketCondition condition;
    private final CompletionLog log;
    private final OperationQueue.Owner owner;
    private final OperationQueue queue;
    /** Made by the socket's first receive, under its lock: most sockets only send (see {@link #receives()}). */
    private OperationQueue receives;
    private volatile Capture capture;

    PooledSocket(String id, NativeSocket nat, SocketAttributes attributes, String acceptedFrom,
                 CompletionLog log, Limits limits, Clock clock) {
        this(id, nat, attributes, acceptedFrom, log, limits, clock, OperationObserver.NONE);
    }

    /** @param observer told of every operation accepted, ended or refused on this socket */
    PooledSocket(String id, NativeSocket nat, SocketAttributes attributes, String acceptedFrom,
                 CompletionLog log, Limits limits, Clock clock, OperationObserver observer) {
        this.id = id;
        this.observer = observer;
        this.nat = nat;
        this.attributes = attributes;
        this.acceptedFrom = acceptedFrom;
        this.limits = limits;
        this.clock = clock;
        this.openedAt = clock.instant();
        this.condition = new SocketCondition(id, nat.kind(), nat.maxMessageSize(), nat.remote() != null);
        this.log = log;
        this.owner = new OperationQueue.Owner() {
            @Override
            public void headEnded(Operation op, long bytes, Failure failure) {
                PooledSocket.this.headEnded(op, bytes, failure);
            }

            @Override
            public void delayOver(Operation op) {
                PooledSocket.this.delayOver(op);
            }
        };
        this.queue = new OperationQueue(OperationKind.SEND, nat, condition, log, clock, owner, observer);
    }

    /**
     * Under the lock: the receive queue, made on first use. A queue held by every socket from its start cost
     * each one that never receives about 180 bytes of heap, 7% of a socket with a pending send.
     */
    private OperationQueue receives() {
        if (receives == null) {
            receives = new OperationQueue(OperationKind.RECEIVE, nat, condition, log, clock, owner, observer);
        }
        return receives;
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

    /** Starts capturing (C44), once, right after the socket joined the pool. */
    void startCapture(Capture c) {
        capture = c;
        c.post();
    }

    /**
     * The socket's capture.
     *
     * @throws WsaException WSAEINVAL when it was opened without {@code capture}
     */
    public Capture capture() {
        Capture c = capture;
        if (c == null) {
            throw new WsaException(WsaError.WSAEINVAL, "Socket " + id + " does not capture; open it (or have its "
                    + "listener accept it) with capture: true", id, null, 0);
        }
        return c;
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
     * A blocking send (C12): accepted like an overlapped one; {@link NonOverlappedCalls#awaitBlocking}
     * then waits for it without holding a thread.
     */
    Operation sendBlocking(Payload payload, Set<SendFlag> flags) {
        return submit(new Operation(id, false, payload, flags, clock)).operation();
    }

    /** A send in {@code mode}, to run through {@link ModeRunner}; it owns the payload from here on. */
    Operation newSend(IoMode mode, Payload payload, Set<SendFlag> flags) {
        return new Operation(id, mode == IoMode.OVERLAPPED, payload, flags, clock);
    }

    /** A streamed send (issue #10): always overlapped; it holds {@code stream}'s ring from here on. */
    Operation newStreamedSend(StreamedSend stream, Set<SendFlag> flags) {
        return Operation.streamed(id, stream, flags, clock);
    }

    /**
     * The request's thread filled {@code length} bytes of a block of the streamed send {@code op}, at {@code offset}:
     * they go out when their turn comes; once the operation ended (a close, a reset), never.
     */
    void streamBytes(Operation op, StreamRing.Block block, long offset, long length, boolean last) {
        lock.lock();
        try {
            if (!op.isPending()) {
                return;
            }
            op.stream().add(block, offset, length, last);
            queue.streamMoved(op);
        } finally {
            lock.unlock();
        }
    }

    /** The body of the streamed send {@code op} ended: whole ({@code failure} null), or cut short. */
    void streamEnded(Operation op, Failure failure) {
        lock.lock();
        try {
            op.stream().endBody(failure);
            queue.streamMoved(op);
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the socket has sent so far, the started send's progress included (C5). */
    long bytesSent() {
        lock.lock();
        try {
            return condition.stats(0, queue.headProgress(), 0).bytesSent();
        } finally {
            lock.unlock();
        }
    }

    /** A receive in {@code mode}, as {@link #newSend}. */
    Operation newReceive(IoMode mode, Payload buffers, Set<ReceiveFlag> flags) {
        return Operation.receive(id, mode == IoMode.OVERLAPPED, buffers, flags, clock);
    }

    /**
     * The one way an operation is accepted: the refusals of the socket's state, then its direction's queue.
     * The buffers are owned from the first line: a refused operation frees them at once, an accepted one
     * when it ends.
     */
    Accepted submit(Operation op) {
        lock.lock();
        try {
            OperationQueue q = refuse(op);
            if (q.size() >= limits.maxPendingPerSocket()) {
                throw condition.refused(op.kind(), WsaError.WSAEWOULDBLOCK, "Too many outstanding "
                        + (op.kind() == OperationKind.SEND ? "sends" : "receives") + " on this socket: "
                        + q.size() + " (sendgate.limits.max-pending-per-socket)");
            }
            q.submit(op);
            return new Accepted(op, op.isPending());
        } catch (RuntimeException e) {
            discard(op, e);
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A batch of overlapped sends, accepted whole or refused whole: the socket's refusals are checked for every
     * one, and the room in its queue for all of them, before any is queued; then they join the queue together,
     * in order, so no other send comes between them (C7). Each owns its payload from here on.
     *
     * @return the accepted operations, in order, each with whether it was still pending
     * @throws WsaException when any is refused, or the first started at once and failed; then none exists (C14)
     */
    List<Accepted> submitAll(List<Operation> ops) {
        lock.lock();
        try {
            for (Operation op : ops) {
                refuse(op);
            }
            if (queue.size() + ops.size() > limits.maxPendingPerSocket()) {
                throw condition.refused(OperationKind.SEND, WsaError.WSAEWOULDBLOCK, "Too many outstanding sends on "
                        + "this socket: " + queue.size() + " queued and " + ops.size() + " in the batch "
                        + "(sendgate.limits.max-pending-per-socket is " + limits.maxPendingPerSocket() + ")");
            }
            queue.submitAll(ops);
            List<Accepted> accepted = new java.util.ArrayList<>(ops.size());
            for (Operation op : ops) {
                accepted.add(new Accepted(op, op.isPending()));
            }
            return accepted;
        } catch (RuntimeException e) {
            // one call refused: counted once; every payload freed
            discard(ops.get(0), e);
            Failure failure = Failure.of(e);
            for (Operation op : ops) {
                op.end(OperationStatus.FAILED, 0, failure, clock.instant());
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private void delayOver(Operation op) {
        lock.lock();
        try {
            queueOf(op).delayOver(op);
        } finally {
            lock.unlock();
        }
    }

    private OperationQueue queueOf(Operation op) {
        return op.kind() == OperationKind.SEND ? queue : receives();
    }

    /** Under the lock: refuses what the socket's state forbids; the operation's queue otherwise. */
    private OperationQueue refuse(Operation op) {
        if (op.kind() == OperationKind.SEND) {
            condition.refuseUnsendable(op.totalBytes(), op.sendFlags());
            return queue;
        }
        condition.refuseUnreceivable(op.receiveFlags());
        return receives();
    }

    /** A blocking send's or receive's time ran out: take it back (C12, C41). */
    void timeOut(Operation op, Failure reason) {
        lock.lock();
        try {
            queueOf(op).abandon(op, reason);
        } finally {
            lock.unlock();
        }
    }

    /** A non-blocking send (C13): see {@link NonOverlappedCalls#now}. */
    Operation sendNonBlocking(Payload payload, Set<SendFlag> flags) {
        return performNow(new Operation(id, false, payload, flags, clock));
    }

    /** A non-blocking call (C13, C41): see {@link NonOverlappedCalls#now}. */
    Operation performNow(Operation op) {
        lock.lock();
        try {
            OperationQueue q = refuse(op);
            IoStart now = NonOverlappedCalls.now(nat, op, condition, q.size());
            OperationStatus status = now.outcome() == IoStart.Outcome.COMPLETED ? OperationStatus.COMPLETED : OperationStatus.FAILED;
            condition.tookNow(op.kind(), status, now.bytesTransferred());
            if (op.end(status, now.bytesTransferred(), now.failure(), clock.instant())) {
                observer.accepted(op.kind());
                observer.ended(op.kind(), status, op.error(), now.bytesTransferred());
            }
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
        Failure failure = Failure.of(why);
        if (op.end(OperationStatus.FAILED, 0, failure, clock.instant())) {
            observer.refused(op.kind(), failure.error());
        }
    }

    /**
     * SIO_FLUSH (C21): aborts the queued sends and receives that have not started; the started ones are
     * left to end.
     */
    public List<Operation> cancelQueued() {
        lock.lock();
        try {
            condition.refuseClosed();
            List<Operation> aborted = new java.util.ArrayList<>(queue.cancelQueued());
            if (receives != null) {
                aborted.addAll(receives.cancelQueued());
            }
            return aborted;
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

    /** closesocket (C22): every pending operation ends ABORTED with the bytes it had moved. */
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
                if (receives != null) {
                    receives.close();
                }
                if (reset) {
                    nat.abort();
                } else {
                    nat.close();
                }
            }
        } finally {
            lock.unlock();
        }
        Capture c = capture;
        if (c != null) {
            c.close();
        }
    }

    /** The socket's state as of now, read without its lock (for counting the pool's sockets by state). */
    public SocketState state() {
        return condition.state();
    }

    /** Whether closesocket has run on it. */
    boolean closed() {
        lock.lock();
        try {
            return condition.closed();
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
        Capture c = capture;
        int receivesQueued = receives == null ? 0 : receives.size();
        long receiveProgress = receives == null ? 0 : receives.headProgress();
        return new SocketView(id, nat.kind(), condition.state(), nat.local(), nat.remote(), attributes,
                nat.effectiveOptions(), nat.maxMessageSize(), acceptedFrom, openedAt, condition.lastError(),
                condition.stats(queue.size() + receivesQueued, queue.headProgress(), receiveProgress),
                c == null ? null : c.capturedBytes());
    }

    /** The driver's report that a queue's started operation ended; runs on its completion thread. */
    private void headEnded(Operation op, long bytes, Failure failure) {
        lock.lock();
        try {
            queueOf(op).headEnded(op, bytes, failure);
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
