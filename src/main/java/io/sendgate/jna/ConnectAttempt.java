package io.sendgate.jna;

import io.sendgate.core.WsaException;
import io.sendgate.core.port.NativeSocket;

import java.util.concurrent.CompletableFuture;

/**
 * A non-blocking connect in progress, as both drivers keep one. The future is the one handle: whoever
 * ends it first decides (the driver's thread when the handshake ended, or the caller giving up), and the
 * descriptor is closed whenever the connected socket does not end up in the future's hands.
 */
public abstract class ConnectAttempt {
    private final CompletableFuture<NativeSocket> result = new CompletableFuture<>();
    private boolean settled;

    protected ConnectAttempt() {
        // The caller gave up (its timeout, or the service stopping): abandon the handshake.
        result.whenComplete((s, e) -> {
            if (e != null) {
                settle(null);
            }
        });
    }

    public final CompletableFuture<NativeSocket> result() {
        return result;
    }

    /**
     * Ends the attempt once: with a failure, or (failure null) by handing over the connected socket if
     * the future still wants it; every other path closes the descriptor.
     */
    protected final synchronized void settle(WsaException failure) {
        if (settled) {
            return;
        }
        settled = true;
        stopWatching();
        if (failure == null && !result.isDone()) {
            NativeSocket socket;
            try {
                socket = adopt();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (!result.complete(socket)) {
                socket.close();
            }
            return;
        }
        closeDescriptor();
        if (failure != null) {
            result.completeExceptionally(failure);
        }
    }

    /** Stops the driver's thread from calling back for this descriptor. */
    protected abstract void stopWatching();

    /** The connected descriptor as a socket of the driver (it owns the descriptor from then on). */
    protected abstract NativeSocket adopt();

    protected abstract void closeDescriptor();
}
