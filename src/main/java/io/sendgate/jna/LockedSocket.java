package io.sendgate.jna;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.ShutdownHow;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The skeleton both drivers' sockets share: every call on the descriptor runs under one lock, so close
 * never races a send or a receive and a descriptor is never used after it was closed and reused; a closed socket
 * answers WSAENOTSOCK; a failure to start is an answer (IoStart), never an exception; and a
 * completion is always reported outside the lock, so the core may start the next operation from inside it.
 */
public abstract class LockedSocket extends DescribedSocket {
    protected final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    protected LockedSocket(SocketFacts facts) {
        super(facts);
    }

    @Override
    public final IoStart startSend(Payload payload, Set<SendFlag> flags, IoCompletion completion) {
        lock.lock();
        try {
            if (closed) {
                return IoStart.failed(WsaError.WSAENOTSOCK, 0);
            }
            return begin(payload, flags, completion);
        } catch (WsaException refused) {
            return IoStart.failed(Failure.of(refused), 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final long sendNow(Payload payload, Set<SendFlag> flags) {
        lock.lock();
        try {
            refuseClosed();
            return takeNow(payload, flags);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final IoStart startReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion) {
        lock.lock();
        try {
            if (closed) {
                return IoStart.failed(WsaError.WSAENOTSOCK, 0);
            }
            return beginReceive(buffers, flags, completion);
        } catch (WsaException refused) {
            return IoStart.failed(Failure.of(refused), 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final IoStart receiveNow(Payload buffers, Set<ReceiveFlag> flags) {
        lock.lock();
        try {
            if (closed) {
                return IoStart.failed(WsaError.WSAENOTSOCK, 0);
            }
            return takeReceivedNow(buffers, flags);
        } catch (WsaException refused) {
            return IoStart.failed(Failure.of(refused), 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final OptionalLong cancelReceive() {
        lock.lock();
        try {
            return closed ? OptionalLong.empty() : cancelReceiving();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final OptionalLong cancelSend() {
        lock.lock();
        try {
            return closed ? OptionalLong.empty() : cancel();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void shutdown(ShutdownHow how) {
        lock.lock();
        try {
            refuseClosed();
            shut(how);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void configure(io.sendgate.core.port.SocketOptions options) {
        lock.lock();
        try {
            refuseClosed();
            describe(applied(options));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void close() {
        release(false);
    }

    @Override
    public final void abort() {
        release(true);
    }

    private void release(boolean reset) {
        Runnable after;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            after = closeDescriptor(reset);
        } finally {
            lock.unlock();
        }
        after.run();
    }

    protected final boolean isClosed() {
        return closed;
    }

    private void refuseClosed() {
        if (closed) {
            throw new WsaException(WsaError.WSAENOTSOCK, "The socket is closed");
        }
    }

    /** Under the lock, on an open socket: start the send (see {@link #startSend}). */
    protected abstract IoStart begin(Payload payload, Set<SendFlag> flags, IoCompletion completion);

    /** Under the lock, on an open socket: see {@link #sendNow}. */
    protected abstract long takeNow(Payload payload, Set<SendFlag> flags);

    /** Under the lock, on an open socket: start the receive (see {@link #startReceive}). */
    protected abstract IoStart beginReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion);

    /** Under the lock, on an open socket: see {@link #receiveNow}. */
    protected abstract IoStart takeReceivedNow(Payload buffers, Set<ReceiveFlag> flags);

    /** Under the lock, on an open socket: see {@link #cancelReceive}. */
    protected abstract OptionalLong cancelReceiving();

    /** Under the lock, on an open socket: see {@link #cancelSend}. */
    protected abstract OptionalLong cancel();

    /** Under the lock, on an open socket: sets the options and reads the socket's description again. */
    protected abstract SocketFacts applied(io.sendgate.core.port.SocketOptions options);

    /** Under the lock, on an open socket: the native shutdown. */
    protected abstract void shut(ShutdownHow how);

    /**
     * Under the lock, once: closes the descriptor (with a reset when asked).
     *
     * @return what must run after the lock is released, such as reporting an orphaned send's completion
     */
    protected abstract Runnable closeDescriptor(boolean reset);
}
