package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** WSARecv on a pooled socket (C41): picks the mode, reserves the buffers, and hands the receive to the socket. */
public final class ReceiveService {
    private final SocketPool pool;
    private final PayloadFactory payloads;
    private final Waits waits;
    private final Limits limits;
    private final ServiceGate gate;

    public ReceiveService(SocketPool pool, PayloadFactory payloads, Waits waits, Limits limits, ServiceGate gate) {
        this.pool = pool;
        this.payloads = payloads;
        this.waits = waits;
        this.limits = limits;
        this.gate = gate;
    }

    /**
     * @param bufferLengths the WSABUF array's lengths, in order
     * @return at once for overlapped and non-blocking receives, when it ended for a blocking one
     */
    public CompletableFuture<CallOutcome> receive(String socketId, long[] bufferLengths, Set<ReceiveFlag> flags,
                                                  Boolean overlapped) {
        gate.refuseWhenStopping();
        PooledSocket socket = pool.get(socketId);
        IoMode mode = ModeRunner.mode(socket, overlapped);
        Payload buffers;
        try {
            buffers = payloads.forReceive(bufferLengths);
        } catch (WsaException e) {
            throw e.on(socketId);
        }
        Waits.Slot slot;
        try {
            slot = mode == IoMode.BLOCKING ? waits.take(Waits.Kind.BLOCKING_RECEIVE) : null;
        } catch (RuntimeException e) {
            buffers.close();
            throw e;
        }
        return ModeRunner.run(socket, mode, slot, socket.newReceive(mode, buffers, flags), waits, limits);
    }
}
