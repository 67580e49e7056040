package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.NativeSocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The two modes of a socket that is not overlapped, emulated above the send queue (every native socket
 * is non-blocking underneath): blocking sends (C12) and non-blocking sends (C13).
 */
final class NonOverlappedSends {
    private NonOverlappedSends() {
    }

    /**
     * Waits for an accepted blocking send without holding a thread: its answer comes when every byte was
     * taken, or when its time ran out (the socket's SO_SNDTIMEO, else the service's longest wait), or
     * when a close or SIO_FLUSH cut it short.
     *
     * @return the completed send; ends exceptionally with the WsaException a blocking WSASend would return
     */
    static CompletableFuture<Operation> awaitBlocking(PooledSocket socket, Operation op, Waits.Slot slot, Waits waits,
                                                     Limits limits) {
        Duration own = socket.attributes().sendTimeout();
        boolean bySocket = own != null && own.compareTo(limits.maxWait()) < 0;
        Duration timeout = bySocket ? own : limits.maxWait();
        Failure timedOut = new Failure(WsaError.WSAETIMEDOUT, "The blocking send did not finish within "
                + timeout.toMillis() + " ms (" + (bySocket ? "SO_SNDTIMEO" : "sendgate.limits.max-wait") + ")");
        return waits.within(slot, op.done(), timeout, () -> {
            socket.timeOut(op, timedOut);
            return op.done();
        }).thenApply(ended -> outcome(socket, ended));
    }

    private static Operation outcome(PooledSocket socket, Operation op) {
        String sent = op.bytesTransferred() + " of " + op.totalBytes() + " bytes went out";
        Failure failure = op.failure();
        return switch (op.status()) {
            case COMPLETED -> op;
            case ABORTED -> {
                if (failure != null && failure.error() == WsaError.WSAETIMEDOUT) {
                    boolean partial = op.bytesTransferred() > 0;
                    throw new WsaException(WsaError.WSAETIMEDOUT, failure.detail() + "; " + sent
                            + (partial ? "; the stream is broken: later sends fail with WSAECONNABORTED" : ""),
                            socket.id(), null, op.bytesTransferred());
                }
                throw new WsaException(WsaError.WSAEINTR, "The blocking send was interrupted by "
                        + (socket.view().state() == SocketState.CLOSED ? "closesocket" : "SIO_FLUSH") + "; " + sent,
                        socket.id(), null, op.bytesTransferred());
            }
            default -> throw new WsaException(op.error(), failure.detail() + "; " + sent, socket.id(), null,
                    op.bytesTransferred());
        };
    }

    /**
     * A non-blocking send takes what fits now (C13). Earlier sends still queued on the socket come first
     * (C7), so while any is, nothing fits and the answer is WSAEWOULDBLOCK.
     */
    static long sendNow(NativeSocket nat, Operation op, SocketCondition condition, int queued) {
        if (queued > 0) {
            throw new WsaException(WsaError.WSAEWOULDBLOCK, queued
                    + " earlier sends are still queued on this socket; nothing can be taken now");
        }
        try {
            return nat.sendNow(op.payload(), op.flags());
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e);
            if (failure.error() == WsaError.WSAEWOULDBLOCK) {
                throw e;
            }
            throw condition.failedNow(failure, 0);
        }
    }
}
