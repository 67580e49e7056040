package io.sendgate.core;

/**
 * What the sockets tell about their operations as they happen, for whoever counts them (the service's
 * metrics): the core knows nothing of how they are counted. Every call comes on the path of an operation,
 * under its socket's lock, so an implementation must be cheap (an increment) and must never block or throw.
 */
public interface OperationObserver {
    /** Counts nothing. */
    OperationObserver NONE = new OperationObserver() {
    };

    /** An operation was accepted: it is pending until {@link #ended} reports it. */
    default void accepted(OperationKind kind) {
    }

    /**
     * An accepted operation ended, or a non-blocking call moved what it could at once (then reported as
     * accepted and ended together).
     *
     * @param error the code it failed or was aborted with; null when it completed
     * @param bytes what the transport took, or what arrived in the buffers
     */
    default void ended(OperationKind kind, OperationStatus status, WsaError error, long bytes) {
    }

    /** A call failed synchronously: no operation exists (C14), as a socket's failed counters count it. */
    default void refused(OperationKind kind, WsaError error) {
    }
}
