package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;

import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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

    /**
     * A streamed send (issue #10): one overlapped operation on a stream socket that starts while its body still
     * arrives, its bytes going out in chunks as they come (see {@link StreamedBody}); it holds its place at the head
     * of the socket's queue from start to end, so no other send comes between its chunks (C7). Everything that can
     * refuse it is checked before a byte of the body is read; once it is accepted, a body cut short fails it with
     * the bytes that went out, as the socket's close or reset would. Reads the body on the calling thread.
     *
     * @param length   the body's declared length, or -1
     * @param stall    how long the socket may take no byte before the send fails (WSAETIMEDOUT), as a client that
     *                 sends nothing fails with the server's read timeout
     * @param accepted told of the operation once it was accepted, before the body is read
     * @return the operation once the body was read (or the send ended first); pending when its chunks still go out
     * @throws WsaException WSAEINVAL when the send would not be overlapped, WSAEOPNOTSUPP on a datagram socket,
     *                      WSAENOBUFS past max-bytes-per-send or the budget, any refusal of the socket's; then no
     *                      operation exists and nothing was read
     */
    public CallOutcome sendStreamed(String socketId, Set<SendFlag> flags, Boolean overlapped, ReadableByteChannel body, long length,
                                    Duration stall, Consumer<Operation> accepted) {
        PooledSocket socket = target(socketId);
        if (ModeRunner.mode(socket, overlapped) != IoMode.OVERLAPPED) {
            throw new WsaException(WsaError.WSAEINVAL, "A streamed send is overlapped (its operation goes on after the "
                    + "call answered), and " + (socket.attributes().overlapped() ? "this one asks for overlapped=false"
                    : "socket " + socketId + " was opened with overlapped=false") + "; send without stream=true",
                    socketId, null, 0);
        }
        if (!socket.kind().isStream()) {
            throw new WsaException(WsaError.WSAEOPNOTSUPP, "A datagram leaves in one send, so it cannot be streamed; "
                    + "socket " + socketId + " is " + socket.kind() + ": send without stream=true", socketId, null, 0);
        }
        StreamedSend stream = new StreamedSend(payloads.streamRing(length), length, flags);
        Operation op = socket.newStreamedSend(stream, flags);
        try {
            socket.submit(op);
        } catch (RuntimeException e) {
            stream.ring().release();
            throw e;
        }
        accepted.accept(op);
        new StreamedBody(socket, op, length, limits, stall, flags.contains(SendFlag.MSG_OOB)).read(body);
        return new CallOutcome(op, op.isPending());
    }

    /** One entry of a batch: its captured buffers, its flags, and how long it waits after the send before it ended. */
    public record BatchEntry(Payload payload, Set<SendFlag> flags, Duration delay) {
    }

    /**
     * A batch of overlapped sends (issue: sends at the speed of the wire): every entry, {@code repeat} times, one
     * operation each, queued at once and in order (entries, then repetitions), so no other send comes between
     * them, delays included (C7). Accepted whole or refused whole: nothing is queued unless all are. The
     * repetitions of an entry share its captured bytes. The payloads are owned from the first line.
     *
     * @return the outcome of each send, in order
     * @throws WsaException WSAEINVAL when the socket is not overlapped or the batch has too many sends; any refusal
     *                      of the socket's; then no operation exists and every payload is freed
     */
    public List<CallOutcome> sendBatch(PooledSocket socket, List<BatchEntry> entries, int repeat) {
        List<Operation> ops;
        try {
            gate.refuseWhenStopping();
            refuseNotOverlapped(socket);
            refuseBatchSize(entries.size(), repeat);
        } catch (RuntimeException e) {
            entries.forEach(entry -> entry.payload().close());
            throw e;
        }
        List<List<Payload>> views = new ArrayList<>(entries.size());
        for (BatchEntry entry : entries) {
            views.add(SharedPayload.views(entry.payload(), repeat));
        }
        ops = new ArrayList<>(entries.size() * repeat);
        OperationQueue.StartTimer timer = (delay, action) -> {
            var scheduled = waits.later(delay, action);
            return () -> scheduled.cancel(false);
        };
        for (int r = 0; r < repeat; r++) {
            for (int i = 0; i < entries.size(); i++) {
                BatchEntry entry = entries.get(i);
                Operation op = socket.newSend(IoMode.OVERLAPPED, views.get(i).get(r), entry.flags());
                if (!entry.delay().isZero()) {
                    op.delayStart(entry.delay(), timer);
                }
                ops.add(op);
            }
        }
        List<CallOutcome> outcomes = new ArrayList<>(ops.size());
        for (PooledSocket.Accepted accepted : socket.submitAll(ops)) {
            outcomes.add(new CallOutcome(accepted.operation(), accepted.pending()));
        }
        return outcomes;
    }

    /**
     * Every send of a batch is overlapped.
     *
     * @throws WsaException WSAEINVAL when the socket was opened with overlapped=false
     */
    public void refuseNotOverlapped(PooledSocket socket) {
        if (!socket.attributes().overlapped()) {
            throw new WsaException(WsaError.WSAEINVAL, "A batch of sends is overlapped, and socket " + socket.id()
                    + " was opened with overlapped=false; send one at a time, or open it overlapped", socket.id(), null, 0);
        }
    }

    /**
     * The limit on a batch's sends, repetitions counted (sendgate.limits.max-sends-per-batch).
     *
     * @throws WsaException WSAEINVAL past it
     */
    public void refuseBatchSize(long entries, long repeat) {
        if (entries * repeat > limits.maxSendsPerBatch()) {
            throw new WsaException(WsaError.WSAEINVAL, "A batch queues at most " + limits.maxSendsPerBatch()
                    + " sends, repetitions counted (sendgate.limits.max-sends-per-batch); this one has " + entries
                    + (repeat == 1 ? "" : " × " + repeat + " = " + entries * repeat));
        }
    }

    private CompletableFuture<CallOutcome> submit(PooledSocket socket, IoMode mode, Waits.Slot slot, Payload payload,
                                                  Set<SendFlag> flags) {
        return ModeRunner.run(socket, mode, slot, socket.newSend(mode, payload, flags), waits, limits);
    }
}
