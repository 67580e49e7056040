package io.sendgate.core;

/** A pooled socket's state (C5). */
public enum SocketState {
    /** Created without a peer: a stream never connected (C27), or a datagram socket with no default peer. */
    NOT_CONNECTED,
    CONNECTED,
    SHUTDOWN_SEND,
    SHUTDOWN_RECEIVE,
    SHUTDOWN_BOTH,
    /** The peer reset the connection (C25). */
    RESET,
    /** A send failed in a way that leaves the stream unusable. */
    FAILED,
    CLOSED
}
