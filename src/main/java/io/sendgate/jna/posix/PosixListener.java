package io.sendgate.jna.posix;

import io.sendgate.jna.CloseGuard;
import io.sendgate.jna.SlicedWait;
import com.sun.jna.Native;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

import java.time.Duration;

/** A listening TCP socket; accept polls in short slices (see {@link SlicedWait}) so that close can interrupt it. */
final class PosixListener implements NativeListener {
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
        return SlicedWait.until(guard, timeout, slice -> {
            int ready = driver.libc().poll(new PollFd(fd, LibC.POLLIN), 1, (int) slice.toMillis());
            if (ready < 0 && Native.getLastError() != Errno.EINTR) {
                throw driver.failure("poll", Native.getLastError(), Errno.Facts.STREAM_CONNECTED);
            }
            if (ready <= 0) {
                return null;
            }
            int conn = driver.libc().accept4(fd, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
            if (conn >= 0) {
                return driver.adopt(conn, SocketKind.TCP, ipv6, options);
            }
            int errno = Native.getLastError();
            if (errno != Errno.EAGAIN && errno != Errno.ECONNABORTED && errno != Errno.EINTR) {
                throw driver.failure("accept4", errno, Errno.Facts.STREAM_CONNECTED);
            }
            return null;
        });
    }

    @Override
    public void close() {
        guard.close();
    }
}
