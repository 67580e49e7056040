package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.SocketFacts;
import io.sendgate.jna.LockedSocket;

import java.util.OptionalLong;
import java.util.Set;

/**
 * A socket from WSASocketW with WSA_FLAG_OVERLAPPED, associated with the driver's completion port and
 * FIONBIO underneath (overlapped calls are unaffected; the core emulates blocking above). WSASend and WSARecv
 * calls for one socket are serialised under the lock, and closesocket never runs while one is in progress.
 * One send and one receive may be pending at once, each with its own OVERLAPPED, independent of the other.
 */
final class WinsockSocket extends LockedSocket {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WinsockSocket.class);
    private final WinsockSockets driver;
    private final long socket;
    private WinsockSend sending;
    private WinsockReceive receiving;

    WinsockSocket(WinsockSockets driver, long socket, SocketKind kind) {
        super(driver.factsOf(socket, kind));
        this.driver = driver;
        this.socket = socket;
    }

    @Override
    protected IoStart begin(Payload payload, Set<SendFlag> flags, IoCompletion completion) {
        WinsockSend send = new WinsockSend(this, payload, WinsockFlags.of(flags), completion);
        IoStart start = start(send);
        if (start.outcome() == IoStart.Outcome.PENDING) {
            sending = send;
        }
        return start;
    }

    @Override
    protected IoStart beginReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion) {
        WinsockReceive receive = new WinsockReceive(this, buffers, flags, completion);
        IoStart start = start(receive);
        if (start.outcome() == IoStart.Outcome.PENDING) {
            receiving = receive;
        }
        return start;
    }

    /**
     * Registers the operation with the port (its packet may be dequeued before the call even returns) and
     * makes the overlapped call. Whatever it answers, the block stays owned by the operation for as long as a
     * packet may still come for it.
     */
    private IoStart start(OverlappedIo io) {
        if (!driver.port().isAlive() || !driver.port().expect(io)) {
            io.free();
            return IoStart.failed(new Failure(WsaError.WSAENETDOWN, "The driver's completion thread stopped"), 0);
        }
        int error;
        try {
            error = io.issue(socket, null, true) == 0 ? 0 : Native.getLastError();
        } catch (RuntimeException | Error e) {
            driver.port().forget(io);
            io.free();
            throw e;
        }
        if (error == Ws2_32.WSA_IO_PENDING) {
            return IoStart.pending();
        }
        IoStart now = io.answeredAtOnce(error);
        if (now == null) {
            // the call was not started: no packet will come for it
            driver.port().forget(io);
            io.free();
            return IoStart.failed(describedFailure(io.call(), error), 0);
        }
        if (now.outcome() != IoStart.Outcome.PENDING) {
            io.markReportedAtOnce();
        }
        return now;
    }

    @Override
    protected long takeNow(Payload payload, Set<SendFlag> flags) {
        WinsockSend send = new WinsockSend(this, payload, WinsockFlags.of(flags), null);
        try (Memory sent = new Memory(4)) {
            if (send.issue(socket, sent, false) == 0) {
                return sent.getInt(0) & 0xFFFFFFFFL;
            }
            throw driver.failure("WSASend", Native.getLastError());
        } finally {
            send.free();
        }
    }

    /** A non-overlapped WSARecv on the FIONBIO socket: what is there now, or WSAEWOULDBLOCK. */
    @Override
    protected IoStart takeReceivedNow(Payload buffers, Set<ReceiveFlag> flags) {
        if (receiving != null) {
            // The pending receive comes first (C42): nothing is there for a later one yet.
            return IoStart.failed(new Failure(WsaError.WSAEWOULDBLOCK, "An earlier receive is still waiting for data"), 0);
        }
        WinsockReceive receive = new WinsockReceive(this, buffers, flags, null);
        try (Memory received = new Memory(4)) {
            if (receive.issue(socket, received, false) == 0) {
                return IoStart.completed(received.getInt(0) & 0xFFFFFFFFL);
            }
            return receive.failedNow(Native.getLastError());
        } finally {
            receive.free();
        }
    }

    /** Winsock tells an overlapped send's progress only at its completion. */
    @Override
    public long progress() {
        return 0;
    }

    /** As {@link #progress}: a MSG_WAITALL receive filling up tells nothing before its completion. */
    @Override
    public long receiveProgress() {
        return 0;
    }

    /** WSAGetOverlappedResult without waiting, on an open socket. */
    OverlappedResult resultOf(OverlappedIo io) {
        IntByReference transferred = new IntByReference();
        IntByReference flags = new IntByReference();
        boolean ok = driver.ws2().WSAGetOverlappedResult(socket, io.overlapped(), transferred, false, flags);
        return new OverlappedResult(transferred.getValue() & 0xFFFFFFFFL, ok ? 0 : Native.getLastError());
    }

    Failure describedFailure(String call, int error) {
        return driver.describedFailure(call, error);
    }

    /**
     * The completion packet of one of this socket's operations, on the completion thread: a send and a
     * receive each have their own OVERLAPPED, so the packet names which one ended.
     */
    void onPacket(OverlappedIo io, long bytes) {
        Failure failure = null;
        lock.lock();
        try {
            forgetPending(io);
            if (io.reportedAtOnce()) {
                return;
            }
            // the packet's count is the one to report (also for 995 after CancelIoEx: what had arrived by then)
            failure = isClosed() ? io.outcomeAfterClose(bytes) : io.outcome(resultOf(io).error(), bytes);
        } catch (RuntimeException e) {
            failure = new Failure(WsaError.WSASYSCALLFAILURE, "Reading the " + io.call() + " result failed in the driver");
        } finally {
            // the packet was dequeued: the system is done with the OVERLAPPED and the buffers
            io.free();
            lock.unlock();
        }
        if (!io.reportedAtOnce()) {
            io.completion().completed(bytes, failure);
        }
    }

    /**
     * The completion thread stopped or closed before this operation's packet came: it is cancelled and
     * reported with {@code failure}. Its OVERLAPPED block is the port's to keep, never freed.
     */
    void onPortStopped(OverlappedIo io, Failure failure) {
        lock.lock();
        try {
            forgetPending(io);
            if (!isClosed()) {
                cancelPending(io);
            }
        } finally {
            lock.unlock();
        }
        if (!io.reportedAtOnce()) {
            io.completion().completed(0, failure);
        }
    }

    private void forgetPending(OverlappedIo io) {
        if (sending == io) {
            sending = null;
        }
        if (receiving == io) {
            receiving = null;
        }
    }

    /** CancelIoEx: the send ends through its packet (WSA_OPERATION_ABORTED), so this never answers at once. */
    @Override
    protected OptionalLong cancel() {
        cancelPending(sending);
        return OptionalLong.empty();
    }

    /** As {@link #cancel}: the packet reports the receive, with the bytes that had arrived. */
    @Override
    protected OptionalLong cancelReceiving() {
        cancelPending(receiving);
        return OptionalLong.empty();
    }

    private void cancelPending(OverlappedIo io) {
        if (io != null) {
            driver.kernel32().CancelIoEx(new Pointer(socket), io.overlapped());
        }
    }

    @Override
    protected SocketFacts applied(SocketOptions options) {
        driver.apply(socket, kind(), options);
        return driver.factsOf(socket, kind());
    }

    @Override
    protected void shut(ShutdownHow how) {
        if (driver.ws2().shutdown(socket, how.winsockValue()) != 0) {
            throw driver.failure("shutdown", Native.getLastError());
        }
    }

    /**
     * closesocket: what is pending completes through its packet with WSA_OPERATION_ABORTED. Windows aborts it
     * in closesocket, but Wine only once the connection dies, so both are cancelled first, explicitly: each
     * then ends promptly either way, and its memory still lives until its packet.
     */
    @Override
    protected Runnable closeDescriptor(boolean reset) {
        cancelPending(sending);
        cancelPending(receiving);
        if (reset) {
            // struct linger { u_short l_onoff; u_short l_linger; }: {1, 0} makes closesocket reset.
            try (Memory linger = new Memory(4)) {
                linger.setShort(0, (short) 1);
                linger.setShort(2, (short) 0);
                if (driver.ws2().setsockopt(socket, Ws2_32.SOL_SOCKET, Ws2_32.SO_LINGER, linger, 4) != 0) {
                    LOG.warn("setsockopt(SO_LINGER) failed with error({}): the peer gets an orderly close, not a reset",
                            Native.getLastError());
                }
            }
        }
        driver.ws2().closesocket(socket);
        return () -> { };
    }
}
