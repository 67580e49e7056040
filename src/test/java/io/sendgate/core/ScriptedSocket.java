package io.sendgate.core;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A stand-in native socket whose answers a core test scripts, for what no real socket can be made to do
 * on demand: fail a send with a passing WSAENOBUFS, or cancel through a completion that comes later (as
 * Winsock's CancelIoEx does; Linux cancels at once). Every test that uses it says why.
 */
class ScriptedSocket implements NativeSocket {
    /** The answers to the next startSend calls, in order; PENDING when none is left. */
    final Deque<IoStart> starts = new ArrayDeque<>();
    /** Whether cancelSend stops the send at once (Linux) or lets its completion report it (Winsock). */
    boolean cancelsAtOnce = true;
    long progress;
    IoCompletion pending;
    /** What the last startSend was given. */
    Payload sending;
    int cancelCalls;

    @Override
    public IoStart startSend(Payload payload, Set<SendFlag> flags, IoCompletion completion) {
        sending = payload;
        IoStart next = starts.isEmpty() ? IoStart.pending() : starts.poll();
        if (next.outcome() == IoStart.Outcome.PENDING) {
            pending = completion;
        }
        return next;
    }

    /** The driver's completion of the pending send. */
    void complete(long bytes, Failure failure) {
        IoCompletion c = pending;
        pending = null;
        c.completed(bytes, failure);
    }

    @Override
    public long progress() {
        return pending == null ? 0 : progress;
    }

    @Override
    public OptionalLong cancelSend() {
        cancelCalls++;
        if (pending == null || !cancelsAtOnce) {
            return OptionalLong.empty();
        }
        pending = null;
        return OptionalLong.of(progress);
    }

    @Override
    public SocketKind kind() {
        return SocketKind.TCP;
    }

    @Override
    public Endpoint local() {
        return new Endpoint(InetAddress.getLoopbackAddress(), 1);
    }

    @Override
    public Endpoint remote() {
        return new Endpoint(InetAddress.getLoopbackAddress(), 2);
    }

    @Override
    public SocketOptions effectiveOptions() {
        return SocketOptions.DEFAULTS;
    }

    @Override
    public Integer maxMessageSize() {
        return null;
    }

    @Override
    public long sendNow(Payload payload, Set<SendFlag> flags) {
        throw new UnsupportedOperationException("not scripted");
    }

    @Override
    public void configure(SocketOptions options) {
    }

    @Override
    public void shutdown(ShutdownHow how) {
    }

    @Override
    public void close() {
    }

    @Override
    public void abort() {
    }

    /** Receives are not scripted: these tests are about sends; a receive waits for ever. */
    @Override
    public IoStart startReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion) {
        return IoStart.pending();
    }

    @Override
    public IoStart receiveNow(Payload buffers, Set<ReceiveFlag> flags) {
        return IoStart.failed(WsaError.WSAEWOULDBLOCK, 0);
    }

    @Override
    public long receiveProgress() {
        return 0;
    }

    @Override
    public OptionalLong cancelReceive() {
        return OptionalLong.empty();
    }
}
