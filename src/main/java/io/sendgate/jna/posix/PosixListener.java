package io.sendgate.jna.posix;

import com.sun.jna.Native;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.OneShotCallback;

/**
 * A listening TCP socket. Accepting never blocks: {@link #whenAcceptable} arms EPOLLIN once, and the
 * epoll thread calls back when a connection waits; {@link #acceptNow} then takes it with accept4.
 */
final class PosixListener implements NativeListener, Readiness {
    private final PosixSockets driver;
    private final int fd;
    private final boolean ipv6;
    private final Endpoint local;
    private final long token;
    private boolean armedBefore;
    private boolean closed;
    private final OneShotCallback waiting = new OneShotCallback();

    PosixListener(PosixSockets driver, int fd, boolean ipv6) {
        this.driver = driver;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.local = driver.localOf(fd);
        this.token = driver.loop().register(this);
    }

    @Override
    public Endpoint local() {
        return local;
    }

    @Override
    public synchronized NativeSocket acceptNow(SocketOptions options) {
        while (!closed) {
            int conn = driver.libc().accept4(fd, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
            if (conn >= 0) {
                return driver.adopt(conn, SocketKind.TCP, ipv6, options);
            }
            int errno = Native.getLastError();
            if (errno == Errno.EAGAIN) {
                return null;
            }
            // A connection reset while it waited in the backlog is not the listener's failure: take the next.
            if (errno != Errno.ECONNABORTED && errno != Errno.EINTR) {
                throw driver.failure("accept4", errno, Errno.Facts.STREAM_CONNECTED);
            }
        }
        return null;
    }

    @Override
    public void whenAcceptable(Runnable ready) {
        boolean failedToArm;
        synchronized (this) {
            if (closed) {
                failedToArm = true;
            } else {
                waiting.set(ready);
                failedToArm = driver.loop().arm(fd, token, LibC.EPOLLIN, armedBefore) != 0;
                armedBefore |= !failedToArm;
                if (failedToArm) {
                    waiting.set(null);
                }
            }
        }
        if (failedToArm) {
            // Never from inside this call (the contract): the caller holds its own lock here.
            driver.later(ready);
        }
    }

    @Override
    public void onReady() {
        waiting.fire();
    }

    @Override
    public void onLoopStopped() {
        waiting.fire();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            driver.loop().remove(fd, token, armedBefore);
            driver.libc().close(fd);
        }
        // on another thread, as the port promises: the closing caller may hold its own lock
        driver.later(waiting::fire);
    }
}
