package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** WSASend on a pooled socket: picks the mode, captures the buffers, and hands the send to the socket. */
public final class SendService {
    private final SocketPool pool;
    private final PayloadFactory payloads;
    private final Waits waits;
    private final Limits limits;
    private final ServiceGate gate;

    public SendService(SocketPool pool, PayloadFactory payloads, Waits waits, Limits limits, ServiceGate gate) {
        this.pool = pool;
        this.payloads = payloads;
        this.waits = waits;
        this.limits = limits;
        this.gate = gate;
    }

    /**
     * What a send gave: the operation (id 0 when not overlapped), and whether WSASend answered
     * WSA_IO_PENDING (decided once, when it answered: the operation may end a moment later).
     */
    public record Outcome(Operation operation, boolean pending) {
    }

    /**
     * The socket a send is for, checked before its body is read, so that a send to an unknown or closed
     * socket reads nothing it does not need.
     */
    public PooledSocket target(String socketId) {
        gate.refuseWhenStopping();
        return pool.get(socketId);
    }

    /**
     * @param capture reads the request's buffers into native memory; called only once the socket and
     *                mode are known to be usable, so a refused send reads nothing it does not need
     * @return the outcome: at once for overlapped and non-blocking sends, when the send ended for a
     *         blocking one (without holding a thread meanwhile, C38)
     */
    public CompletableFuture<Outcome> send(String socketId, Set<SendFlag> flags, Boolean overlapped,
                                           Function<PayloadFactory, Payload> capture) {
        PooledSocket socket = target(socketId);
        SendMode mode = mode(socket, overlapped);
        Waits.Slot slot = mode == SendMode.BLOCKING ? waits.take(Waits.Kind.BLOCKING_SEND) : null;
        Payload payload;
        try {
            payload = capture.apply(payloads);
        } catch (RuntimeException e) {
            if (slot != null) {
                slot.release();
            }
            throw e;
        }
        return submit(socket, mode, slot, payload, flags);
    }

    /** A send whose buffers were captured before its flags and mode were known (a JSON body). */
    public CompletableFuture<Outcome> send(PooledSocket socket, Set<SendFlag> flags, Boolean overlapped, Payload payload) {
        SendMode mode;
        Waits.Slot slot;
        try {
            gate.refuseWhenStopping();
            mode = mode(socket, overlapped);
            slot = mode == SendMode.BLOCKING ? waits.take(Waits.Kind.BLOCKING_SEND) : null;
        } catch (RuntimeException e) {
            payload.close();
            throw e;
        }
        return submit(socket, mode, slot, payload, flags);
    }

    private static SendMode mode(PooledSocket socket, Boolean overlapped) {
        try {
            return SendMode.of(socket.attributes(), overlapped);
        } catch (WsaException e) {
            throw e.on(socket.id());
        }
    }

    private CompletableFuture<Outcome> submit(PooledSocket socket, SendMode mode, Waits.Slot slot, Payload payload,
                                              Set<SendFlag> flags) {
        switch (mode) {
            case OVERLAPPED -> {
                PooledSocket.Accepted accepted = socket.sendOverlapped(payload, flags);
                return CompletableFuture.completedFuture(new Outcome(accepted.operation(), accepted.pending()));
            }
            case NON_BLOCKING -> {
                return CompletableFuture.completedFuture(new Outcome(socket.sendNonBlocking(payload, flags), false));
            }
            default -> {
                Operation op;
                try {
                    op = socket.sendBlocking(payload, flags);
                } catch (RuntimeException e) {
                    slot.release();
                    throw e;
                }
                return NonOverlappedSends.awaitBlocking(socket, op, slot, waits, limits)
                        .thenApply(ended -> new Outcome(ended, false));
            }
        }
    }
}
