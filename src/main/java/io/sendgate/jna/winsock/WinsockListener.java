package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.CloseGuard;
import io.sendgate.jna.SlicedWait;

import java.time.Duration;

/**
 * A listening socket; accept waits with select in short slices so that closing it interrupts the wait.
 * Accepted sockets inherit WSA_FLAG_OVERLAPPED and FIONBIO from it.
 */
final class WinsockListener implements NativeListener {
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
        return SlicedWait.until(guard, timeout, slice -> {
            Select.Ready ready = Select.await(driver.ws2(), socket, false, slice);
            if (ready == Select.Ready.FAILED) {
                throw driver.failure("select", Native.getLastError());
            }
            if (ready == Select.Ready.NO) {
                return null;
            }
            long conn = driver.ws2().accept(socket, null, null);
            if (conn != Ws2_32.INVALID_SOCKET) {
                return driver.adopt(conn, SocketKind.TCP, options);
            }
            int error = Native.getLastError();
            if (error != Ws2_32.WSAEWOULDBLOCK) {
                throw driver.failure("accept", error);
            }
            return null;
        });
    }

    @Override
    public void close() {
        guard.close();
    }
}
