package io.sendgate.core;

import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.SendStart;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket of the pool and its send queue. The service is the one caller of WSASend on it (C7):
 * sends queue in the order they were accepted, the head is the only one the driver holds, and the next
 * starts when the head ends, so the bytes of two sends never interleave and one socket's completions
 * come in submission order (C18).
 */
public final class PooledSocket {
    private static final Logger LOG = LoggerFactory.getLogger(PooledSocket.class);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private final String id;
    private final NativeSocket nat;
    private final SocketAttributes attributes;
    private final String acceptedFrom;
    private final Instant openedAt;
    private final CompletionLog log;
    private final Limits limits;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    /** Accepted sends not yet ended; the head is started at the driver whenever the socket is open. */
    private final ArrayDeque<Operation> queue = new ArrayDeque<>();
    private SocketState state;
    private boolean closed;
    private boolean sendShut;
    private boolean receiveShut;
    private boolean sendShutDeferred;
    private WsaError streamFailure;
    private WsaError lastError;
    private long sends;
    private long bytesSent;
    private long failedSends;
    private long abortedOperations;

    PooledSocket(String id, NativeSocket nat, SocketAttributes attributes, String acceptedFrom,
                 CompletionLog log, Limits limits, Clock clock) {
        this.id = id;
        this.nat = nat;
        this.attributes = attributes;
        this.acceptedFrom = acceptedFrom;
        this.log = log;
        this.limits = limits;
        this.clock = clock;
        this.openedAt = clock.instant();
        this.state = nat.remote() == null ? SocketState.NOT_CONNECTED : SocketState.CONNECTED;
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

    /*
     * Each send method owns the payload from its first line: a send refused before it was accepted frees
     * the payload at once; an accepted one frees it when its operation ends, which may be after the
     * caller gave up waiting (the driver may still hold the memory then).
     */

    /**
     * An overlapped send (C11): completed now, or pending with exactly one completion to come.
     *
     * @throws WsaException when it failed synchronously; then no operation exists (C14)
     */
    public Operation sendOverlapped(Payload payload, Set<SendFlag> flags) {
        Operation op = new Operation(id, true, payload, flags, clock);
        lock.lock();
        try {
            refuseUnsendable(payload, flags);
            refuseTooMany();
            if (!queue.isEmpty()) {
                log.register(op);
                queue.addLast(op);
                return op;
            }
            SendStart start = start(op);
            switch (start.outcome()) {
                case COMPLETED -> {
                    log.register(op);
                    sends++;
                    end(op, OperationStatus.COMPLETED, start.bytesTransferred(), null);
                }
                case PENDING -> {
                    log.register(op);
                    sends++;
                    queue.addLast(op);
                }
                default -> throw failedNow(start);
            }
            return op;
        } catch (RuntimeException e) {
            payload.close();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A blocking send (C12): returns once every byte was taken. Fails with WSAETIMEDOUT past the send
     * timeout (or the service's longest wait) and with WSAEINTR when closesocket or SIO_FLUSH cut it short.
     */
    public Operation sendBlocking(Payload payload, Set<SendFlag> flags) {
        Operation op = new Operation(id, false, payload, flags, clock);
        lock.lock();
        try {
            refuseUnsendable(payload, flags);
            refuseTooMany();
            if (queue.isEmpty()) {
                SendStart start = start(op);
                if (start.outcome() == SendStart.Outcome.FAILED) {
                    throw failedNow(start);
                }
                sends++;
                if (start.outcome() == SendStart.Outcome.COMPLETED) {
                    end(op, OperationStatus.COMPLETED, start.bytesTransferred(), null);
                    return op;
                }
            } else {
                sends++;
            }
            queue.addLast(op);
        } catch (RuntimeException e) {
            payload.close();
            throw e;
        } finally {
            lock.unlock();
        }
        Duration timeout = attributes.sendTimeout() != null && attributes.sendTimeout().compareTo(limits.maxWait()) < 0
                ? attributes.sendTimeout() : limits.maxWait();
        if (!await(op, timeout)) {
            abandon(op);
            await(op, CANCEL_GRACE);
            if (op.status() != OperationStatus.COMPLETED) {
                throw new WsaException(WsaError.WSAETIMEDOUT, "The blocking send did not finish within "
                        + timeout.toMillis() + " ms (" + (attributes.sendTimeout() != null ? "SO_SNDTIMEO"
                        : "sendgate.limits.max-wait") + "); " + op.bytesTransferred() + " of "
                        + op.totalBytes() + " bytes went out", id, null, op.bytesTransferred());
            }
        }
        return switch (op.status()) {
            case COMPLETED -> op;
            case ABORTED -> throw new WsaException(WsaError.WSAEINTR, "The blocking send was interrupted by "
                    + (closed ? "closesocket" : "SIO_FLUSH") + " after " + op.bytesTransferred() + " of "
                    + op.totalBytes() + " bytes", id, null, op.bytesTransferred());
            default -> throw new WsaException(op.error(), op.error().description() + " after "
                    + op.bytesTransferred() + " of " + op.totalBytes() + " bytes", id, null, op.bytesTransferred());
        };
    }

    /**
     * A non-blocking send (C13): takes what fits now. Earlier sends still queued on the socket come
     * first (C7), so while any is, nothing fits and the answer is WSAEWOULDBLOCK.
     */
    public Operation sendNonBlocking(Payload payload, Set<SendFlag> flags) {
        Operation op = new Operation(id, false, payload, flags, clock);
        lock.lock();
        try {
            refuseUnsendable(payload, flags);
            if (!queue.isEmpty()) {
                throw refused(WsaError.WSAEWOULDBLOCK, queue.size()
                        + " earlier sends are still queued on this socket; nothing can be taken now");
            }
            long bytes;
            try {
                bytes = nat.sendNow(payload, flags);
            } catch (RuntimeException thrown) {
                WsaException e = asWsa(thrown);
                if (e.error() != WsaError.WSAEWOULDBLOCK) {
                    noteFailure(e.error());
                    failedSends++;
                }
                throw e.on(id);
            }
            sends++;
            end(op, OperationStatus.COMPLETED, bytes, null);
            return op;
        } catch (RuntimeException e) {
            payload.close();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** SIO_FLUSH (C21): aborts the queued sends that have not started; the started one is left to end. */
    public List<Operation> cancelQueued() {
        lock.lock();
        try {
            refuseClosed();
            List<Operation> aborted = new ArrayList<>();
            Iterator<Operation> it = queue.iterator();
            if (it.hasNext()) {
                it.next();
            }
            while (it.hasNext()) {
                Operation op = it.next();
                it.remove();
                end(op, OperationStatus.ABORTED, 0, WsaError.WSA_OPERATION_ABORTED);
                aborted.add(op);
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
            refuseClosed();
            if (how.closesReceive() && !receiveShut) {
                nativeShutdown(ShutdownHow.SD_RECEIVE);
                receiveShut = true;
            }
            if (how.closesSend() && !sendShut) {
                sendShut = true;
                if (queue.isEmpty()) {
                    nativeShutdown(ShutdownHow.SD_SEND);
                } else {
                    sendShutDeferred = true;
                }
            }
            if (state != SocketState.RESET && state != SocketState.FAILED) {
                state = sendShut && receiveShut ? SocketState.SHUTDOWN_BOTH
                        : sendShut ? SocketState.SHUTDOWN_SEND : SocketState.SHUTDOWN_RECEIVE;
            }
            return viewLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * closesocket (C22): every pending operation ends ABORTED with the bytes it had sent; the started
     * one may end a little later, when the driver gives its memory back.
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            state = SocketState.CLOSED;
            // The started send keeps its memory until the driver lets go of it: either now, or through its
            // completion, which then ends it ABORTED (onHeadEnded sees the socket closed).
            boolean headStillHeld = false;
            if (!queue.isEmpty()) {
                OptionalLong cancelled = nat.cancelSend();
                if (cancelled.isPresent()) {
                    end(queue.pollFirst(), OperationStatus.ABORTED, cancelled.getAsLong(),
                            WsaError.WSA_OPERATION_ABORTED);
                } else {
                    headStillHeld = true;
                }
            }
            Iterator<Operation> it = queue.iterator();
            if (headStillHeld) {
                it.next();
            }
            while (it.hasNext()) {
                Operation op = it.next();
                it.remove();
                end(op, OperationStatus.ABORTED, 0, WsaError.WSA_OPERATION_ABORTED);
            }
            nat.close();
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
        return new SocketView(id, nat.kind(), state, nat.local(), nat.remote(), attributes, nat.effectiveOptions(),
                nat.maxMessageSize(), acceptedFrom, openedAt, lastError,
                new SocketView.Stats(sends, bytesSent, queue.size(), failedSends, abortedOperations));
    }

    /** The driver's report that the started send ended; runs on its completion thread. */
    private void onHeadEnded(Operation op, long bytes, WsaError error) {
        lock.lock();
        try {
            if (queue.peekFirst() != op) {
                return;
            }
            queue.pollFirst();
            if (error == null && bytes == op.totalBytes()) {
                end(op, OperationStatus.COMPLETED, bytes, null);
            } else if (closed || error == WsaError.WSA_OPERATION_ABORTED) {
                end(op, OperationStatus.ABORTED, bytes, WsaError.WSA_OPERATION_ABORTED);
            } else {
                WsaError why = error != null ? error : WsaError.WSASYSCALLFAILURE;
                end(op, OperationStatus.FAILED, bytes, why);
                noteFailure(why);
            }
            startNext();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands one send to the driver. A driver that throws (a bug, or a native call failing where it should
     * not) fails the send with a code instead of leaving it unstarted and never ended.
     */
    private SendStart start(Operation op) {
        try {
            return nat.startSend(op.payload(), op.flags(), (bytes, error) -> onHeadEnded(op, bytes, error));
        } catch (RuntimeException e) {
            return SendStart.failed(asWsa(e).error(), 0);
        }
    }

    private WsaException asWsa(RuntimeException e) {
        if (e instanceof WsaException w) {
            return w;
        }
        LOG.error("The native driver failed on socket {}", id, e);
        return new WsaException(WsaError.WSASYSCALLFAILURE, "The native driver failed: " + e, id, null, 0);
    }

    /** Starts queued sends until one is pending; those that end at once end here, in order. */
    private void startNext() {
        while (!closed && !queue.isEmpty()) {
            Operation head = queue.peekFirst();
            SendStart start = start(head);
            if (start.outcome() == SendStart.Outcome.PENDING) {
                return;
            }
            queue.pollFirst();
            if (start.outcome() == SendStart.Outcome.COMPLETED) {
                end(head, OperationStatus.COMPLETED, start.bytesTransferred(), null);
            } else {
                end(head, OperationStatus.FAILED, start.bytesTransferred(), start.error());
                noteFailure(start.error());
            }
        }
        if (!closed && queue.isEmpty() && sendShutDeferred) {
            sendShutDeferred = false;
            try {
                nativeShutdown(ShutdownHow.SD_SEND);
            } catch (WsaException e) {
                lastError = e.error();
            }
        }
    }

    /** A blocking send whose wait ran out: take it back from the queue or from the driver. */
    private void abandon(Operation op) {
        lock.lock();
        try {
            if (!op.isPending()) {
                return;
            }
            if (queue.peekFirst() != op) {
                queue.remove(op);
                end(op, OperationStatus.ABORTED, 0, WsaError.WSAETIMEDOUT);
                return;
            }
            OptionalLong cancelled = nat.cancelSend();
            if (cancelled.isPresent()) {
                queue.pollFirst();
                end(op, OperationStatus.ABORTED, cancelled.getAsLong(), WsaError.WSAETIMEDOUT);
                startNext();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream that failed is unusable: every send queued behind the failing one fails with the same
     * code, and later sends fail at once (C25). Datagram failures concern one datagram only.
     */
    private void noteFailure(WsaError error) {
        lastError = error;
        if (!nat.kind().isStream()) {
            return;
        }
        if (streamFailure == null) {
            streamFailure = error;
        }
        if (error == WsaError.WSAECONNRESET) {
            state = SocketState.RESET;
        } else if (error != WsaError.WSAENOTCONN && error != WsaError.WSAESHUTDOWN) {
            state = SocketState.FAILED;
        }
        Iterator<Operation> it = queue.iterator();
        while (it.hasNext()) {
            Operation op = it.next();
            it.remove();
            end(op, OperationStatus.FAILED, 0, error);
        }
    }

    private void end(Operation op, OperationStatus status, long bytes, WsaError error) {
        if (!op.end(status, bytes, error, clock.instant())) {
            return;
        }
        bytesSent += bytes;
        if (status == OperationStatus.FAILED) {
            failedSends++;
        } else if (status == OperationStatus.ABORTED) {
            abortedOperations++;
        }
        if (op.overlapped()) {
            log.append(op);
        }
    }

    private void refuseUnsendable(Payload payload, Set<SendFlag> flags) {
        refuseClosed();
        if (sendShut) {
            throw refused(WsaError.WSAESHUTDOWN, "The send side of this socket was shut down");
        }
        if (streamFailure != null) {
            throw refused(streamFailure, "An earlier send on this socket failed with " + streamFailure
                    + "; the connection is no longer usable");
        }
        SendFlag.check(nat.kind(), flags).ifPresent(why -> {
            throw refused(WsaError.WSAEOPNOTSUPP, why);
        });
        Integer max = nat.maxMessageSize();
        if (max != null && payload.totalBytes() > max) {
            throw refused(WsaError.WSAEMSGSIZE, "A datagram of " + payload.totalBytes()
                    + " bytes is larger than SO_MAX_MSG_SIZE (" + max + "); nothing was sent");
        }
    }

    /** C28: more outstanding sends than the socket's limit is Winsock's "too many outstanding requests". */
    private void refuseTooMany() {
        if (queue.size() >= limits.maxPendingPerSocket()) {
            throw refused(WsaError.WSAEWOULDBLOCK, "Too many outstanding sends on this socket: " + queue.size()
                    + " (sendgate.limits.max-pending-per-socket)");
        }
    }

    private void refuseClosed() {
        if (closed) {
            throw new WsaException(WsaError.WSAENOTSOCK, "Socket " + id + " is closed", id, null, 0);
        }
    }

    private WsaException refused(WsaError error, String message) {
        failedSends++;
        lastError = error;
        return new WsaException(error, message, id, null, 0);
    }

    private WsaException failedNow(SendStart start) {
        failedSends++;
        noteFailure(start.error());
        return new WsaException(start.error(), start.error().description(), id, null, start.bytesTransferred());
    }

    private void nativeShutdown(ShutdownHow how) {
        try {
            nat.shutdown(how);
        } catch (WsaException e) {
            throw e.on(id);
        }
    }

    private static boolean await(Operation op, Duration timeout) {
        try {
            op.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
