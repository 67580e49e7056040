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

    /** Asks for one EPOLLOUT (errors and hang-ups are always reported) on {@code fd}. */
    void armWritable(int fd, long token, boolean added) {
        EpollEvent event = new EpollEvent(LibC.EPOLLOUT | LibC.EPOLLONESHOT, token);
        int rc = libc.epoll_ctl(epfd, added ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD, fd, event);
        if (rc < 0) {
            throw new IllegalStateException("epoll_ctl(" + fd + ") failed with error(" + Native.getLastError() + ")");
        }
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
                long token = events.getLong((long) i * EpollEvent.SIZE + EpollEvent.DATA);
                if (token == WAKE_TOKEN) {
                    continue;
                }
                PosixSocket socket = sockets.get(token);
                if (socket == null) {
                    continue;
                }
                try {
                    socket.onReady();
                } catch (RuntimeException | Error e) {
                    LOG.error("Continuing a send on socket fd {} failed", socket.fd(), e);
                }
            }
        }
        events.close();
    }

    /**
     * Stops the thread and closes the epoll and wake-up descriptors, once: by a second call their numbers may
     * belong to someone else (the kernel reuses the lowest free number, often for the next driver's own).
     */
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
        libc.close(wakeFd);
        libc.close(epfd);
    }
}
