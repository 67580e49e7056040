package io.sendgate.core;

/** A pooled socket's state (C5). */
public enum SocketState {
    /** A stream socket created but never connected (C27). */
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
