package io.sendgate.jna;

import io.sendgate.core.WsaException;
import io.sendgate.core.port.NativeSocket;

import java.util.concurrent.CompletableFuture;

/**
 * A non-blocking connect in progress, as both drivers keep one. The future is the one handle: whoever
 * ends it first decides (the driver's thread when the handshake ended, or the caller giving up), and the
 * descriptor is closed whenever the connected socket does not end up in the future's hands. The outcome is
 * decided under this object's monitor, where the descriptor is known to be still ours; the future is
 * completed after leaving it, since completing runs the caller's code.
 */
public abstract class ConnectAttempt {
    /** What the descriptor says of its handshake. */
    protected enum Handshake { CONNECTED, FAILED, IN_PROGRESS }

    private final CompletableFuture<NativeSocket> result = new CompletableFuture<>();
    private boolean settled;

    protected ConnectAttempt() {
        // The caller gave up (its timeout, or the service stopping): abandon the handshake.
        result.whenComplete((s, e) -> {
            if (e != null) {
                fail(null);
            }
        });
    }

    public final CompletableFuture<NativeSocket> result() {
        return result;
    }

    /**
     * The driver's thread saw the descriptor ready, or something that may mean it: reads the handshake's
     * state while the descriptor is still ours, and watches again when it is still in progress (a ready
     * that was not one, as a select that failed for another socket reports).
     */
    protected final void handshakeEvent() {
        NativeSocket connected;
        synchronized (this) {
            if (settled) {
                return;
            }
            Handshake state = handshake();
            if (state == Handshake.IN_PROGRESS) {
                if (!watchAgain()) {
                    failLocked(stopped());
                }
                return;
            }
            if (state == Handshake.FAILED) {
                failLocked(failure());
                return;
            }
            settled = true;
            stopWatching();
            try {
                connected = adopt();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
        }
        if (!result.complete(connected)) {
            connected.close();
        }
    }

    /** Ends the attempt with {@code failure} (null: the caller gave up and already ended the future). */
    protected final void fail(WsaException failure) {
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            stopWatching();
            closeDescriptor();
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        }
    }

    private void failLocked(WsaException failure) {
        settled = true;
        stopWatching();
        closeDescriptor();
        // completed while still holding the monitor only here, where no socket is handed out
        result.completeExceptionally(failure);
    }

    /** The handshake's state, read from the descriptor (SO_ERROR, and whether it has a peer yet). */
    protected abstract Handshake handshake();

    /** Why it failed, once {@link #handshake()} said FAILED. */
    protected abstract WsaException failure();

    /** Watches the descriptor again; false when the driver's thread has stopped. */
    protected abstract boolean watchAgain();

    /** The failure when nothing will ever watch the descriptor again. */
    protected abstract WsaException stopped();

    /** Stops the driver's thread from calling back for this descriptor. */
    protected abstract void stopWatching();

    /** The connected descriptor as a socket of the driver (it owns the descriptor from then on). */
    protected abstract NativeSocket adopt();

    protected abstract void closeDescriptor();
}
