package io.sendgate.jna.winsock;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.jna.ConnectAttempt;

import java.net.InetSocketAddress;

/** A connect in progress on the select thread: writable (or in the error set) says it ended, SO_ERROR how. */
final class WinsockPendingConnect extends ConnectAttempt {
    private final WinsockSockets driver;
    private final long socket;
    private final InetSocketAddress remote;

    WinsockPendingConnect(WinsockSockets driver, long socket, InetSocketAddress remote) {
        this.driver = driver;
        this.socket = socket;
        this.remote = remote;
        if (!driver.watcher().watch(socket, true, this::onReady)) {
            settle(new WsaException(WsaError.WSAENETDOWN, "The driver's select thread stopped"));
        }
    }

    private void onReady() {
        Integer soError = driver.soError(socket);
        if (soError == null || soError != 0) {
            settle(driver.failure("connect(" + remote + ")", soError == null ? WsaError.WSAENOTSOCK.code() : soError));
            return;
        }
        settle(null);
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
