package io.sendgate.jna;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.SendStart;
import io.sendgate.core.port.ShutdownHow;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The skeleton both drivers' sockets share: every call on the descriptor runs under one lock, so close
 * never races a send and a descriptor is never used after it was closed and reused; a closed socket
 * answers WSAENOTSOCK; a failure to start is an answer (SendStart), never an exception; and a
 * completion is always reported outside the lock, so the core may start the next send from inside it.
 */
public abstract class LockedSocket extends DescribedSocket {
    protected final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    protected LockedSocket(SocketFacts facts) {
        super(facts);
    }

    @Override
    public final SendStart startSend(Payload payload, Set<SendFlag> flags, SendCompletion completion) {
        lock.lock();
        try {
            if (closed) {
                return SendStart.failed(WsaError.WSAENOTSOCK, 0);
            }
            return begin(payload, flags, completion);
        } catch (WsaException refused) {
            return SendStart.failed(Failure.of(refused), 0);
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
    protected abstract SendStart begin(Payload payload, Set<SendFlag> flags, SendCompletion completion);

    /** Under the lock, on an open socket: see {@link #sendNow}. */
    protected abstract long takeNow(Payload payload, Set<SendFlag> flags);

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
