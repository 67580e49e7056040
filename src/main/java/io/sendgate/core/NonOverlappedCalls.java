package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.NativeSocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The two modes of a socket that is not overlapped, emulated above the operation queues (every native
 * socket is non-blocking underneath): blocking calls (C12, C41) and non-blocking ones (C13, C41).
 */
final class NonOverlappedCalls {
    private NonOverlappedCalls() {
    }

    /**
     * Waits for an accepted blocking send or receive without holding a thread: its answer comes when it
     * ended, or when its time ran out (the socket's SO_SNDTIMEO or SO_RCVTIMEO, else the service's longest
     * wait), or when a close or SIO_FLUSH cut it short.
     *
     * @return the ended operation; ends exceptionally with the WsaException a blocking WSASend or WSARecv
     *         would return, except that a receive that got bytes always answers with them (none is lost)
     */
    static CompletableFuture<Operation> awaitBlocking(PooledSocket socket, Operation op, Waits.Slot slot, Waits waits,
                                                     Limits limits) {
        boolean send = op.kind() == OperationKind.SEND;
        Duration own = send ? socket.attributes().sendTimeout() : socket.attributes().receiveTimeout();
        boolean bySocket = own != null && own.compareTo(limits.maxWait()) < 0;
        Duration timeout = bySocket ? own : limits.maxWait();
        Failure timedOut = new Failure(WsaError.WSAETIMEDOUT, "The blocking " + (send ? "send" : "receive")
                + " did not finish within " + timeout.toMillis() + " ms ("
                + (bySocket ? send ? "SO_SNDTIMEO" : "SO_RCVTIMEO" : "sendgate.limits.max-wait") + ")");
        return waits.within(slot, op.done(), timeout, () -> {
            socket.timeOut(op, timedOut);
            return op.done();
        }).thenApply(ended -> outcome(socket, ended));
    }

    private static Operation outcome(PooledSocket socket, Operation op) {
        boolean send = op.kind() == OperationKind.SEND;
        if (op.status() == OperationStatus.COMPLETED || !send && op.bytesTransferred() > 0) {
            return op;
        }
        String moved = send ? op.bytesTransferred() + " of " + op.totalBytes() + " bytes went out"
                : "nothing was received";
        Failure failure = op.failure();
        if (op.status() == OperationStatus.ABORTED) {
            if (failure != null && failure.error() == WsaError.WSAETIMEDOUT) {
                boolean partial = send && op.bytesTransferred() > 0;
                throw new WsaException(WsaError.WSAETIMEDOUT, failure.detail() + "; " + moved
                        + (partial ? "; the stream is broken: later sends fail with WSAECONNABORTED" : ""),
                        socket.id(), null, op.bytesTransferred());
            }
            throw new WsaException(WsaError.WSAEINTR, "The blocking " + (send ? "send" : "receive")
                    + " was interrupted by " + (socket.view().state() == SocketState.CLOSED ? "closesocket" : "SIO_FLUSH")
                    + "; " + moved, socket.id(), null, op.bytesTransferred());
        }
        throw new WsaException(op.error(), failure.detail() + "; " + moved, socket.id(), null, op.bytesTransferred());
    }

    /**
     * A non-blocking send takes what fits now, a non-blocking receive what is there (C13, C41). Earlier
     * operations of the same direction still queued on the socket come first (C7, C42), so while any is,
     * the answer is WSAEWOULDBLOCK.
     *
     * @return what the driver answered: COMPLETED with the bytes, or FAILED with bytes the caller must have
     */
    static IoStart now(NativeSocket nat, Operation op, SocketCondition condition, int queued) {
        if (queued > 0) {
            throw new WsaException(WsaError.WSAEWOULDBLOCK, queued + " earlier "
                    + (op.kind() == OperationKind.SEND ? "sends are still queued on this socket; nothing can be taken now"
                    : "receives are still queued on this socket; they come first"));
        }
        IoStart start;
        try {
            start = op.kind() == OperationKind.SEND
                    ? IoStart.completed(nat.sendNow(op.payload(), op.sendFlags()))
                    : nat.receiveNow(op.payload(), op.receiveFlags());
        } catch (RuntimeException e) {
            start = IoStart.failed(Failure.of(e), 0);
        }
        if (start.outcome() == IoStart.Outcome.FAILED && !op.kind().endsWithBytes(start.failure())) {
            if (start.failure().error() == WsaError.WSAEWOULDBLOCK) {
                throw start.failure().toException();
            }
            throw condition.failedNow(op.kind(), start.failure(), 0);
        }
        return start;
    }
}
