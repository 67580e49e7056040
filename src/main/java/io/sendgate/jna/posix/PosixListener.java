package io.sendgate.jna.posix;

import io.sendgate.jna.CloseGuard;
import com.sun.jna.Native;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

import java.time.Duration;

/** A listening TCP socket; accept waits with poll in short slices so that close can interrupt it. */
final class PosixListener implements NativeListener {
    private static final int SLICE_MS = 100;

    private final PosixSockets driver;
    private final int fd;
    private final boolean ipv6;
    private final Endpoint local;
    private final CloseGuard guard;

    PosixListener(PosixSockets driver, int fd, boolean ipv6) {
        this.driver = driver;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.local = driver.localOf(fd);
        this.guard = new CloseGuard(() -> driver.libc().close(fd));
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
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                PollFd pfd = new PollFd(fd, LibC.POLLIN);
                int ready = driver.libc().poll(pfd, 1, (int) Math.min(left, SLICE_MS));
                if (ready > 0) {
                    int conn = driver.libc().accept4(fd, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
                    if (conn >= 0) {
                        return driver.adopt(conn, SocketKind.TCP, ipv6, options);
                    }
                    int errno = Native.getLastError();
                    if (errno != Errno.EAGAIN && errno != Errno.ECONNABORTED && errno != Errno.EINTR) {
                        throw driver.failure("accept4", errno, Errno.Facts.STREAM_CONNECTED);
                    }
                } else if (ready < 0 && Native.getLastError() != Errno.EINTR) {
                    throw driver.failure("poll", Native.getLastError(), Errno.Facts.STREAM_CONNECTED);
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
