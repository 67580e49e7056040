package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;

import java.util.Set;
import java.util.function.Function;

/** WSASend on a pooled socket: picks the mode, captures the buffers, and hands the send to the socket. */
public final class SendService {
    private final SocketPool pool;
    private final PayloadFactory payloads;

    public SendService(SocketPool pool, PayloadFactory payloads) {
        this.pool = pool;
        this.payloads = payloads;
    }

    /** What a send gave: the operation (id 0 when not overlapped) and the mode it ran in. */
    public record Outcome(Operation operation, SendMode mode) {
        /** WSASend's SOCKET_ERROR with WSA_IO_PENDING. */
        public boolean pending() {
            return mode == SendMode.OVERLAPPED && operation.isPending();
        }
    }

    /**
     * @param capture reads the request's buffers into native memory; called only once the socket and
     *                mode are known to be usable, so a refused send reads nothing it does not need
     */
    public Outcome send(String socketId, Set<SendFlag> flags, Boolean overlapped, Function<PayloadFactory, Payload> capture) {
        PooledSocket socket = pool.get(socketId);
        SendMode mode;
        try {
            mode = SendMode.of(socket.attributes(), overlapped);
        } catch (WsaException e) {
            throw e.on(socketId);
        }
        Payload payload = capture.apply(payloads);
        Operation op = switch (mode) {
            case OVERLAPPED -> socket.sendOverlapped(payload, flags);
            case BLOCKING -> socket.sendBlocking(payload, flags);
            case NON_BLOCKING -> socket.sendNonBlocking(payload, flags);
        };
        return new Outcome(op, mode);
    }
}
