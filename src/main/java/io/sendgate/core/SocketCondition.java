package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.SocketKind;

import java.util.Set;

/**
 * A pooled socket's state and counters (C5), and the refusals that follow from its state. Used only
 * under the socket's lock.
 */
final class SocketCondition {
    private final String socketId;
    private final SocketKind kind;
    private final Integer maxMessageSize;
    /** Written under the socket's lock; volatile so that a count of the pool's states reads it without taking it. */
    private volatile SocketState state;
    private boolean closed;
    private boolean sendShut;
    private boolean receiveShut;
    private WsaError streamFailure;
    private WsaError lastError;
    private final Counters sent = new Counters();
    private final Counters received = new Counters();
    private long abortedOperations;

    /** One direction's counters (C5). */
    private static final class Counters {
        long operations;
        long bytes;
        long failed;
    }

    SocketCondition(String socketId, SocketKind kind, Integer maxMessageSize, boolean connected) {
        this.socketId = socketId;
        this.kind = kind;
        this.maxMessageSize = maxMessageSize;
        this.state = connected ? SocketState.CONNECTED : SocketState.NOT_CONNECTED;
    }

    /** Refuses a send the socket cannot take (C10, C20, C22, C25, C26); a refusal counts as a failed send. */
    void refuseUnsendable(long totalBytes, Set<SendFlag> flags) {
        refuseClosed();
        if (sendShut) {
            throw refused(WsaError.WSAESHUTDOWN, "The send side of this socket was shut down");
        }
        if (streamFailure != null) {
            throw refused(streamFailure, "An earlier send on this socket failed with " + streamFailure
                    + "; the connection is no longer usable");
        }
        SendFlag.check(kind, flags).ifPresent(why -> {
            throw refused(WsaError.WSAEOPNOTSUPP, why);
        });
        if (maxMessageSize != null && totalBytes > maxMessageSize) {
            throw refused(WsaError.WSAEMSGSIZE, "A datagram of " + totalBytes
                    + " bytes is larger than SO_MAX_MSG_SIZE (" + maxMessageSize + "); nothing was sent");
        }
    }

    /** Refuses a receive the socket cannot take (C41, C43); a refusal counts as a failed receive. */
    void refuseUnreceivable(Set<ReceiveFlag> flags) {
        refuseClosed();
        if (receiveShut) {
            throw refused(OperationKind.RECEIVE, WsaError.WSAESHUTDOWN, "The receive side of this socket was shut down");
        }
        if (streamFailure != null) {
            throw refused(OperationKind.RECEIVE, streamFailure, "An earlier operation on this socket failed with "
                    + streamFailure + "; the connection is no longer usable");
        }
        ReceiveFlag.check(kind, flags).ifPresent(why -> {
            throw refused(OperationKind.RECEIVE, WsaError.WSAEOPNOTSUPP, why);
        });
    }

    void refuseClosed() {
        if (closed) {
            throw new WsaException(WsaError.WSAENOTSOCK, "Socket " + socketId + " is closed", socketId, null, 0);
        }
    }

    WsaException refused(WsaError error, String message) {
        return refused(OperationKind.SEND, error, message);
    }

    WsaException refused(OperationKind direction, WsaError error, String message) {
        counters(direction).failed++;
        lastError = error;
        return new WsaException(error, message, socketId, null, 0);
    }

    private Counters counters(OperationKind direction) {
        return direction == OperationKind.SEND ? sent : received;
    }

    /** An operation was accepted, queued or started (C5). */
    void accepted(OperationKind direction) {
        counters(direction).operations++;
    }

    /** An operation ended with these bytes (the transport took them, or they arrived) and this status. */
    void ended(OperationKind direction, OperationStatus status, long bytes) {
        Counters c = counters(direction);
        c.bytes += bytes;
        if (status == OperationStatus.FAILED) {
            c.failed++;
        } else if (status == OperationStatus.ABORTED) {
            abortedOperations++;
        }
    }

    /** A non-blocking operation moved {@code bytes} at once, and ended as {@code status} says. */
    void tookNow(OperationKind direction, OperationStatus status, long bytes) {
        accepted(direction);
        ended(direction, status, bytes);
    }

    /**
     * A send failed after {@code bytes} of it went out. On a stream this may break the connection for
     * every later operation ({@link StreamFailures}); a datagram failure concerns one datagram only. A
     * receive's bytes are the caller's, never lost, so only its code can break the stream.
     *
     * @return the code the stream is now broken with, or null when it stays usable
     */
    WsaError failed(OperationKind direction, WsaError error, long bytes, boolean connectionTimedOut) {
        return failed(error, direction == OperationKind.SEND ? bytes : 0, connectionTimedOut);
    }

    WsaError failed(WsaError error, long bytes, boolean connectionTimedOut) {
        lastError = error;
        if (!kind.isStream() || streamFailure != null) {
            return streamFailure;
        }
        WsaError breaking = StreamFailures.breaks(error, bytes, connectionTimedOut);
        if (breaking == null) {
            return null;
        }
        streamFailure = breaking;
        if (breaking == WsaError.WSAECONNRESET) {
            state = SocketState.RESET;
        } else if (breaking != WsaError.WSAENOTCONN && breaking != WsaError.WSAESHUTDOWN) {
            state = SocketState.FAILED;
        }
        return breaking;
    }

    void noteError(WsaError error) {
        lastError = error;
    }

    /** shutdown's effect on the state; the caller does the native call. */
    void shut(boolean send, boolean receive) {
        sendShut |= send;
        receiveShut |= receive;
        if (state != SocketState.RESET && state != SocketState.FAILED) {
            state = sendShut && receiveShut ? SocketState.SHUTDOWN_BOTH
                    : sendShut ? SocketState.SHUTDOWN_SEND : SocketState.SHUTDOWN_RECEIVE;
        }
    }

    boolean sendShut() {
        return sendShut;
    }

    boolean receiveShut() {
        return receiveShut;
    }

    /** @return false when it was already closed */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        state = SocketState.CLOSED;
        return true;
    }

    boolean closed() {
        return closed;
    }

    SocketState state() {
        return state;
    }

    WsaError lastError() {
        return lastError;
    }

    /**
     * @param sendProgress    bytes the started send has moved so far, not yet counted
     * @param receiveProgress bytes the started receive has filled so far, not yet counted
     */
    SocketView.Stats stats(int pending, long sendProgress, long receiveProgress) {
        return new SocketView.Stats(sent.operations, sent.bytes + sendProgress, pending, sent.failed, abortedOperations,
                received.operations, received.bytes + receiveProgress, received.failed);
    }

    /** An operation refused at its start by the driver (C14): counted, and it may break the stream. */
    WsaException failedNow(OperationKind direction, Failure failure, long bytes) {
        counters(direction).failed++;
        failed(direction, failure.error(), bytes, true);
        return new WsaException(failure.error(), failure.detail(), socketId, null, bytes);
    }
}
