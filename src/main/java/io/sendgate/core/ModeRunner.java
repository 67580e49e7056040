package io.sendgate.core;

import java.util.concurrent.CompletableFuture;

/** Runs one accepted-to-be send or receive in its mode: overlapped (C11), blocking (C12), non-blocking (C13), C41. */
final class ModeRunner {
    private ModeRunner() {
    }

    /**
     * @param slot the wait slot a blocking call holds (null otherwise); released when its answer is known
     * @return at once for overlapped and non-blocking calls; for a blocking one when it ended, without
     *         holding a thread meanwhile (C38)
     */
    static CompletableFuture<CallOutcome> run(PooledSocket socket, IoMode mode, Waits.Slot slot, Operation op,
                                              Waits waits, Limits limits) {
        switch (mode) {
            case OVERLAPPED -> {
                PooledSocket.Accepted accepted = socket.submit(op);
                return CompletableFuture.completedFuture(new CallOutcome(accepted.operation(), accepted.pending()));
            }
            case NON_BLOCKING -> {
                return CompletableFuture.completedFuture(new CallOutcome(socket.performNow(op), false));
            }
            default -> {
                try {
                    socket.submit(op);
                } catch (RuntimeException e) {
                    slot.release();
                    throw e;
                }
                return NonOverlappedCalls.awaitBlocking(socket, op, slot, waits, limits)
                        .thenApply(ended -> new CallOutcome(ended, false));
            }
        }
    }

    /** The mode of a call on {@code socket}, or WSAEINVAL naming the socket. */
    static IoMode mode(PooledSocket socket, Boolean overlapped) {
        try {
            return IoMode.of(socket.attributes(), overlapped);
        } catch (WsaException e) {
            throw e.on(socket.id());
        }
    }
}
