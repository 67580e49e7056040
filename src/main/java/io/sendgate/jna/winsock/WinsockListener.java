package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.CloseGuard;

import java.time.Duration;

/**
 * A listening socket; accept waits with select in short slices so that closing it interrupts the wait.
 * Accepted sockets inherit WSA_FLAG_OVERLAPPED and FIONBIO from it.
 */
final class WinsockListener implements NativeListener {
    private static final Duration SLICE = Duration.ofMillis(100);

    private final WinsockSockets driver;
    private final long socket;
    private final Endpoint local;
    private final CloseGuard guard;

    WinsockListener(WinsockSockets driver, long socket) {
        this.driver = driver;
        this.socket = socket;
        this.local = driver.localOf(socket);
        this.guard = new CloseGuard(() -> driver.ws2().closesocket(socket));
    }

    @Override
    public Endpoint local() {
        return local;
    }

    @Override
    public NativeSocket accept(Duration timeout, SocketOptions options) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!guard.enter()) {
                throw new WsaException(WsaError.WSAEINTR, "The listener was closed while accept waited");
            }
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                Select.Ready ready = Select.await(driver.ws2(), socket, false, left.compareTo(SLICE) < 0 ? left : SLICE);
                if (ready == Select.Ready.YES) {
                    long conn = driver.ws2().accept(socket, null, null);
                    if (conn != Ws2_32.INVALID_SOCKET) {
                        return driver.adopt(conn, SocketKind.TCP, options);
                    }
                    int error = Native.getLastError();
                    if (error != Ws2_32.WSAEWOULDBLOCK) {
                        throw driver.failure("accept", error);
                    }
                } else if (ready == Select.Ready.FAILED) {
                    throw driver.failure("select", Native.getLastError());
                }
            } finally {
                guard.exit();
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        guard.close();
    }
}
