package io.sendgate.jna.posix;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.jna.ConnectAttempt;

import java.net.InetSocketAddress;

/** A connect in progress on the epoll thread: EPOLLOUT says the handshake ended, SO_ERROR says how. */
final class PendingConnect extends ConnectAttempt implements Readiness {
    private final PosixSockets driver;
    private final int fd;
    private final boolean ipv6;
    private final InetSocketAddress remote;
    private final long token;
    private int soError;

    PendingConnect(PosixSockets driver, int fd, boolean ipv6, InetSocketAddress remote) {
        this.driver = driver;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.remote = remote;
        this.token = driver.loop().register(this);
        int errno = driver.loop().arm(fd, token, LibC.EPOLLOUT, false);
        if (errno != 0) {
            fail(driver.failure("epoll_ctl", errno, Errno.Facts.STREAM_CONNECTED));
        }
    }

    @Override
    public void onReady() {
        handshakeEvent();
    }

    @Override
    public void onLoopStopped() {
        fail(stopped());
    }

    @Override
    protected Handshake handshake() {
        Integer e = driver.soError(fd);
        soError = e == null ? Errno.EBADF : e;
        // EPOLLOUT on a connecting socket means the handshake ended, one way or the other
        return soError == 0 ? Handshake.CONNECTED : Handshake.FAILED;
    }

    @Override
    protected WsaException failure() {
        return driver.failure("connect(" + Endpoint.text(remote) + ")", soError, Errno.Facts.STREAM_CONNECTED.withNeverConnected());
    }

    @Override
    protected boolean watchAgain() {
        return driver.loop().arm(fd, token, LibC.EPOLLOUT, true) == 0;
    }

    @Override
    protected WsaException stopped() {
        return new WsaException(WsaError.WSAENETDOWN, "The driver's epoll thread stopped while connecting to " + Endpoint.text(remote));
    }

    @Override
    protected void stopWatching() {
        driver.loop().remove(fd, token, true);
    }

    @Override
    protected NativeSocket adopt() {
        return driver.adopt(fd, ipv6);
    }

    @Override
    protected void closeDescriptor() {
        driver.libc().close(fd);
    }
}
