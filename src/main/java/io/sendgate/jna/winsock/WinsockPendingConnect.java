package io.sendgate.jna.winsock;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.jna.ConnectAttempt;

import java.net.InetSocketAddress;

/**
 * A connect in progress on the select thread: writable (or in the error set) says it ended, SO_ERROR how.
 * SO_ERROR is 0 while the handshake still runs too, and the select thread may call back without real
 * readiness (a select that failed for another socket): only a peer address says it is connected.
 */
final class WinsockPendingConnect extends ConnectAttempt {
    private final WinsockSockets driver;
    private final long socket;
    private final InetSocketAddress remote;
    private int soError;

    WinsockPendingConnect(WinsockSockets driver, long socket, InetSocketAddress remote) {
        this.driver = driver;
        this.socket = socket;
        this.remote = remote;
        if (!watchAgain()) {
            fail(stopped());
        }
    }

    @Override
    protected Handshake handshake() {
        Integer e = driver.soError(socket);
        soError = e == null ? WsaError.WSAENOTSOCK.code() : e;
        if (soError != 0) {
            return Handshake.FAILED;
        }
        return driver.remoteOf(socket) == null ? Handshake.IN_PROGRESS : Handshake.CONNECTED;
    }

    @Override
    protected WsaException failure() {
        return driver.failure("connect(" + Endpoint.text(remote) + ")", soError);
    }

    @Override
    protected boolean watchAgain() {
        return driver.watcher().watch(socket, true, this::handshakeEvent);
    }

    @Override
    protected WsaException stopped() {
        return new WsaException(WsaError.WSAENETDOWN, "The driver's select thread stopped while connecting to " + Endpoint.text(remote));
    }

    @Override
    protected void stopWatching() {
        driver.watcher().forget(socket);
    }

    @Override
    protected NativeSocket adopt() {
        return driver.adopt(socket, SocketKind.TCP, null);
    }

    @Override
    protected void closeDescriptor() {
        driver.ws2().closesocket(socket);
    }
}
