package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
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
 * FIONBIO underneath (overlapped sends are unaffected; the core emulates blocking above). WSASend calls
 * for one socket are serialised under the lock, and closesocket never runs while one is in progress.
 */
final class WinsockSocket extends LockedSocket {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WinsockSocket.class);
    private final WinsockSockets driver;
    private final long socket;
    private WinsockSend current;

    WinsockSocket(WinsockSockets driver, long socket, SocketKind kind) {
        super(driver.factsOf(socket, kind));
        this.driver = driver;
        this.socket = socket;
    }

    @Override
    protected IoStart begin(Payload payload, Set<SendFlag> flags, IoCompletion completion) {
        if (!driver.port().isAlive()) {
            return IoStart.failed(new Failure(WsaError.WSAENETDOWN, "The driver's completion thread stopped"), 0);
        }
        int nativeFlags = WinsockFlags.of(flags);
        WinsockSend send = new WinsockSend(this, payload, completion);
        if (!driver.port().expect(send)) {
            send.free();
            return IoStart.failed(new Failure(WsaError.WSAENETDOWN, "The driver's completion thread stopped"), 0);
        }
        // lpNumberOfBytesSent is NULL with an overlapped send, as the reference advises; a send
        // that completes at once has taken every byte.
        int rc;
        try {
            rc = Ws2Direct.WSASend(socket, send.buffers(), send.count(), null, nativeFlags, send.overlapped(), null);
        } catch (RuntimeException | Error e) {
            driver.port().forget(send);
            send.free();
            throw e;
        }
        if (rc == 0) {
            send.markReportedAtOnce();
            return IoStart.completed(send.total());
        }
        int error = Native.getLastError();
        if (error == Ws2_32.WSA_IO_PENDING) {
            current = send;
            return IoStart.pending();
        }
        driver.port().forget(send);
        send.free();
        return IoStart.failed(driver.describedFailure("WSASend", error), 0);
    }

    @Override
    protected long takeNow(Payload payload, Set<SendFlag> flags) {
        WinsockSend send = new WinsockSend(this, payload, null);
        try (Memory sent = new Memory(4)) {
            int rc = Ws2Direct.WSASend(socket, send.buffers(), send.count(), sent, WinsockFlags.of(flags), null, null);
            if (rc == 0) {
                return sent.getInt(0) & 0xFFFFFFFFL;
            }
            throw driver.failure("WSASend", Native.getLastError());
        } finally {
            send.free();
        }
    }

    /** Winsock tells an overlapped send's progress only at its completion. */
    @Override
    public long progress() {
        return 0;
    }

    /** The completion packet of one of this socket's sends, on the completion thread. */
    void onPacket(WinsockSend send, long bytes) {
        Failure failure = null;
        lock.lock();
        try {
            if (current == send) {
                current = null;
            }
            if (send.reportedAtOnce()) {
                return;
            }
            if (isClosed()) {
                // the handle may already name another socket: judge by the status the system left
                if (send.status() != 0 || bytes != send.total()) {
                    failure = Failure.of(WsaError.WSA_OPERATION_ABORTED);
                }
            } else {
                IntByReference transferred = new IntByReference();
                IntByReference flags = new IntByReference();
                if (!driver.ws2().WSAGetOverlappedResult(socket, send.overlapped(), transferred, false, flags)) {
                    failure = driver.describedFailure("WSASend", Native.getLastError());
                }
            }
        } catch (RuntimeException e) {
            failure = new Failure(WsaError.WSASYSCALLFAILURE, "Reading the send's result failed in the driver");
        } finally {
            // the packet was dequeued: the system is done with the OVERLAPPED and the buffers
            send.free();
            lock.unlock();
        }
        if (!send.reportedAtOnce()) {
            send.completion().completed(bytes, failure);
        }
    }

    /**
     * The completion thread stopped or closed before this send's packet came: the send is cancelled and
     * reported with {@code failure}. Its OVERLAPPED block is the port's to keep, never freed.
     */
    void onPortStopped(WinsockSend send, Failure failure) {
        lock.lock();
        try {
            if (current == send) {
                current = null;
            }
            if (!isClosed()) {
                driver.kernel32().CancelIoEx(new Pointer(socket), send.overlapped());
            }
        } finally {
            lock.unlock();
        }
        if (!send.reportedAtOnce()) {
            send.completion().completed(0, failure);
        }
    }

    /** CancelIoEx: the send ends through its packet (WSA_OPERATION_ABORTED), so this never answers at once. */
    @Override
    protected OptionalLong cancel() {
        if (current != null) {
            driver.kernel32().CancelIoEx(new Pointer(socket), current.overlapped());
        }
        return OptionalLong.empty();
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

    /** closesocket: what is pending completes through its packet with WSA_OPERATION_ABORTED. */
    @Override
    protected Runnable closeDescriptor(boolean reset) {
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

    // TODO(receive): WSARecv through the completion port; being written.
    @Override
    protected IoStart beginReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion) {
        return IoStart.failed(WsaError.WSAEOPNOTSUPP, 0);
    }

    @Override
    protected IoStart takeReceivedNow(Payload buffers, Set<ReceiveFlag> flags) {
        return IoStart.failed(WsaError.WSAEOPNOTSUPP, 0);
    }

    @Override
    protected OptionalLong cancelReceiving() {
        return OptionalLong.empty();
    }

    @Override
    public long receiveProgress() {
        return 0;
    }
}
