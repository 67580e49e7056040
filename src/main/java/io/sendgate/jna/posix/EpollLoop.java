package io.sendgate.jna.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that waits for every socket of the pool: sockets whose send could not finish at once
 * arm EPOLLOUT (one-shot), and this thread continues their send when the kernel has room again.
 */
final class EpollLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpollLoop.class);
    private static final int MAX_EVENTS = 256;
    private static final long WAKE_TOKEN = 0;

    private final LibC libc;
    private final int epfd;
    private final int wakeFd;
    private final Map<Long, PosixSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicLong lastToken = new AtomicLong(WAKE_TOKEN);
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicBoolean closed = new AtomicBoolean();

    EpollLoop(LibC libc) {
        this.libc = libc;
        this.epfd = libc.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create1(EPOLL_CLOEXEC) failed with error(" + Native.getLastError() + ")");
        }
        this.wakeFd = libc.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeFd < 0 || libc.epoll_ctl(epfd, LibC.EPOLL_CTL_ADD, wakeFd, new EpollEvent(LibC.EPOLLIN, WAKE_TOKEN)) < 0) {
            int errno = Native.getLastError();
            if (wakeFd >= 0) {
                libc.close(wakeFd);
            }
            libc.close(epfd);
            throw new IllegalStateException("eventfd/epoll_ctl for the wake-up descriptor failed with error(" + errno + ")");
        }
        this.thread = new Thread(this::run, "sendgate-epoll");
        thread.setDaemon(true);
        thread.start();
    }

    long register(PosixSocket socket) {
        long token = lastToken.incrementAndGet();
        sockets.put(token, socket);
        return token;
    }

    /**
     * Asks for one EPOLLOUT (errors and hang-ups are always reported) on {@code fd}.
     *
     * @return 0, or the errno of a failed epoll_ctl
     */
    int armWritable(int fd, long token, boolean added) {
        EpollEvent event = new EpollEvent(LibC.EPOLLOUT | LibC.EPOLLONESHOT, token);
        return libc.epoll_ctl(epfd, added ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD, fd, event) < 0 ? Native.getLastError() : 0;
    }

    void remove(int fd, long token, boolean added) {
        if (added) {
            libc.epoll_ctl(epfd, LibC.EPOLL_CTL_DEL, fd, new EpollEvent());
        }
        sockets.remove(token);
    }

    int registered() {
        return sockets.size();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        Memory events = new Memory((long) MAX_EVENTS * EpollEvent.SIZE);
        try {
            while (running) {
                int n = LibCDirect.epoll_wait(epfd, events, MAX_EVENTS, -1);
                if (n < 0) {
                    int errno = Native.getLastError();
                    if (errno != Errno.EINTR) {
                        LOG.error("epoll_wait failed with error({}); the epoll thread stops", errno);
                        return;
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    dispatch(events.getLong((long) i * EpollEvent.SIZE + EpollEvent.DATA));
                }
            }
        } finally {
            // The thread closes its own descriptors, so a close() that gave up waiting for it can never
            // pull them from under an epoll_wait still running.
            events.close();
            libc.close(wakeFd);
            libc.close(epfd);
        }
    }

    private void dispatch(long token) {
        if (token == WAKE_TOKEN) {
            return;
        }
        PosixSocket socket = sockets.get(token);
        if (socket == null) {
            return;
        }
        try {
            socket.onReady();
        } catch (RuntimeException | Error e) {
            LOG.error("Continuing a send on socket fd {} failed", socket.fd(), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        Memory one = new Memory(8);
        one.setLong(0, 1);
        libc.write(wakeFd, one, 8);
        one.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
