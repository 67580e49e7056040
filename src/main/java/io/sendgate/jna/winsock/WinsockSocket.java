package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;
import io.sendgate.jna.DescribedSocket;
import io.sendgate.core.port.SendCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.SendStart;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A socket from WSASocketW with WSA_FLAG_OVERLAPPED, associated with the driver's completion port and
 * FIONBIO underneath (overlapped sends are unaffected; the core emulates blocking above). WSASend calls
 * for one socket are serialised under {@link #lock}, and closesocket never runs while one is in progress.
 */
final class WinsockSocket extends DescribedSocket {
    private final WinsockSockets driver;
    private final long socket;
    private final ReentrantLock lock = new ReentrantLock();
    private WinsockSend current;
    private boolean closed;

    WinsockSocket(WinsockSockets driver, long socket, SocketKind kind) {
        super(driver.factsOf(socket, kind));
        this.driver = driver;
        this.socket = socket;
    }

    @Override
    public SendStart startSend(Payload payload, Set<SendFlag> flags, SendCompletion completion) {
        lock.lock();
        try {
            if (closed) {
                return SendStart.failed(WsaError.WSAENOTSOCK, 0);
            }
            WinsockSend send = new WinsockSend(this, payload, completion);
            driver.port().expect(send);
            // lpNumberOfBytesSent is NULL with an overlapped send, as the reference advises; a send
            // that completes at once has taken every byte.
            int rc = Ws2Direct.WSASend(socket, send.buffers(), send.count(), null, WinsockFlags.of(flags), send.overlapped(), null);
            if (rc == 0) {
                send.markReportedAtOnce();
                return SendStart.completed(send.total());
            }
            int error = Native.getLastError();
            if (error == Ws2_32.WSA_IO_PENDING) {
                current = send;
                return SendStart.pending();
            }
            driver.port().forget(send);
            send.free();
            return SendStart.failed(WinsockSockets.wsa(error), 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sendNow(Payload payload, Set<SendFlag> flags) {
        lock.lock();
        try {
            if (closed) {
                throw new WsaException(WsaError.WSAENOTSOCK, "The socket is closed");
            }
            WinsockSend send = new WinsockSend(this, payload, null);
            try (com.sun.jna.Memory sent = new com.sun.jna.Memory(4)) {
                int rc = Ws2Direct.WSASend(socket, send.buffers(), send.count(), sent, WinsockFlags.of(flags), null, null);
                if (rc == 0) {
                    return sent.getInt(0) & 0xFFFFFFFFL;
                }
                throw driver.failure("WSASend", Native.getLastError());
            } finally {
                send.free();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The completion packet of one of this socket's sends, on the completion thread. */
    void onPacket(WinsockSend send, long bytes) {
        WsaError error = null;
        lock.lock();
        try {
            if (current == send) {
                current = null;
            }
            if (send.reportedAtOnce()) {
                send.free();
                return;
            }
            if (closed) {
                // the handle may already name another socket: judge by the status the system left
                if (send.status() != 0 || bytes != send.total()) {
                    error = WsaError.WSA_OPERATION_ABORTED;
                }
            } else {
                IntByReference transferred = new IntByReference();
                IntByReference flags = new IntByReference();
                if (!driver.ws2().WSAGetOverlappedResult(socket, send.overlapped(), transferred, false, flags)) {
                    error = WinsockSockets.wsa(Native.getLastError());
                }
            }
            send.free();
        } finally {
            lock.unlock();
        }
        send.completion().completed(bytes, error);
    }

    /** CancelIoEx: the send ends through its packet (WSA_OPERATION_ABORTED), so this never answers at once. */
    @Override
    public OptionalLong cancelSend() {
        lock.lock();
        try {
            if (current != null && !closed) {
                driver.kernel32().CancelIoEx(new Pointer(socket), current.overlapped());
            }
            return OptionalLong.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown(ShutdownHow how) {
        lock.lock();
        try {
            if (closed) {
                throw new WsaException(WsaError.WSAENOTSOCK, "The socket is closed");
            }
            if (driver.ws2().shutdown(socket, how.winsockValue()) != 0) {
                throw driver.failure("shutdown", Native.getLastError());
            }
        } finally {
            lock.unlock();
        }
    }

    /** closesocket: what is pending completes through its packet with WSA_OPERATION_ABORTED. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            driver.ws2().closesocket(socket);
        } finally {
            lock.unlock();
        }
    }
}
