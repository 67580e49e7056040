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
    public CompletableFuture<CallOutcome> send(String socketId, Set<SendFlag> flags, Boolean overlapped,
                                           Function<PayloadFactory, Payload> capture) {
        PooledSocket socket = target(socketId);
        IoMode mode = ModeRunner.mode(socket, overlapped);
        Waits.Slot slot = mode == IoMode.BLOCKING ? waits.take(Waits.Kind.BLOCKING_SEND) : null;
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
    public CompletableFuture<CallOutcome> send(PooledSocket socket, Set<SendFlag> flags, Boolean overlapped, Payload payload) {
        IoMode mode;
        Waits.Slot slot;
        try {
            gate.refuseWhenStopping();
            mode = ModeRunner.mode(socket, overlapped);
            slot = mode == IoMode.BLOCKING ? waits.take(Waits.Kind.BLOCKING_SEND) : null;
        } catch (RuntimeException e) {
            payload.close();
            throw e;
        }
        return submit(socket, mode, slot, payload, flags);
    }

    private CompletableFuture<CallOutcome> submit(PooledSocket socket, IoMode mode, Waits.Slot slot, Payload payload,
                                                  Set<SendFlag> flags) {
        return ModeRunner.run(socket, mode, slot, socket.newSend(mode, payload, flags), waits, limits);
    }
}
