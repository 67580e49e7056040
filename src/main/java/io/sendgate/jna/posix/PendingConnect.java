package io.sendgate.jna.posix;

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

    PendingConnect(PosixSockets driver, int fd, boolean ipv6, InetSocketAddress remote) {
        this.driver = driver;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.remote = remote;
        this.token = driver.loop().register(this);
        int errno = driver.loop().arm(fd, token, LibC.EPOLLOUT, false);
        if (errno != 0) {
            settle(driver.failure("epoll_ctl", errno, Errno.Facts.STREAM_CONNECTED));
        }
    }

    @Override
    public void onReady() {
        Integer soError = driver.soError(fd);
        if (soError == null || soError != 0) {
            int errno = soError == null ? Errno.EBADF : soError;
            settle(driver.failure("connect(" + remote + ")", errno, Errno.Facts.STREAM_CONNECTED.withNeverConnected()));
            return;
        }
        settle(null);
    }

    @Override
    public void onLoopStopped() {
        settle(new WsaException(WsaError.WSAENETDOWN, "The driver's epoll thread stopped while connecting to " + remote));
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
