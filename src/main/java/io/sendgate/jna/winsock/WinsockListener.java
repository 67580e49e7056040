package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.OneShotCallback;

/**
 * A listening socket, FIONBIO like every socket of the driver: {@link #whenAcceptable} asks the select
 * thread to call back when a connection waits, and {@link #acceptNow} takes it. Accepted sockets
 * inherit WSA_FLAG_OVERLAPPED and FIONBIO from it.
 */
final class WinsockListener implements NativeListener {
    private final WinsockSockets driver;
    private final long socket;
    private final Endpoint local;
    private boolean closed;
    private final OneShotCallback waiting = new OneShotCallback();

    WinsockListener(WinsockSockets driver, long socket) {
        this.driver = driver;
        this.socket = socket;
        this.local = driver.localOf(socket);
    }

    @Override
    public Endpoint local() {
        return local;
    }

    @Override
    public synchronized NativeSocket acceptNow(SocketOptions options) {
        while (!closed) {
            long conn = driver.ws2().accept(socket, null, null);
            if (conn != Ws2_32.INVALID_SOCKET) {
                return driver.adopt(conn, SocketKind.TCP, options);
            }
            int error = Native.getLastError();
            if (error == Ws2_32.WSAEWOULDBLOCK) {
                if (!driver.watcher().isAlive()) {
                    // nothing will say when a connection waits: the callers must hear it, not wait for ever
                    throw new io.sendgate.core.WsaException(io.sendgate.core.WsaError.WSAENETDOWN,
                            "The driver's select thread stopped");
                }
                return null;
            }
            // A connection reset while it waited in the backlog is not the listener's failure: take the next.
            if (error != Ws2_32.WSAECONNRESET) {
                throw driver.failure("accept", error);
            }
        }
        return null;
    }

    @Override
    public void whenAcceptable(Runnable ready) {
        boolean watched;
        synchronized (this) {
            waiting.set(ready);
            watched = !closed && driver.watcher().watch(socket, false, waiting::fire);
            if (!watched) {
                waiting.set(null);
            }
        }
        if (!watched) {
            driver.later(ready);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            driver.watcher().forget(socket);
            driver.ws2().closesocket(socket);
        }
        driver.later(waiting::fire);
    }
}
