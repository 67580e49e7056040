package io.sendgate.jna.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that waits for every descriptor of the pool: sockets whose send could not finish at
 * once arm EPOLLOUT, sockets with a receive waiting arm EPOLLIN (EPOLLPRI and EPOLLRDHUP for urgent
 * data), connects in progress arm EPOLLOUT, listeners with callers waiting arm EPOLLIN (all one-shot),
 * and this thread calls their {@link Readiness} when the kernel says so.
 */
final class EpollLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EpollLoop.class);
    private static final int MAX_EVENTS = 256;
    private static final long WAKE_TOKEN = 0;

    private final LibC libc;
    private final int epfd;
    private final int wakeFd;
    private final Map<Long, Readiness> watched = new ConcurrentHashMap<>();
    private final AtomicLong lastToken = new AtomicLong(WAKE_TOKEN);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean stopped;
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

    long register(Readiness handler) {
        long token = lastToken.incrementAndGet();
        watched.put(token, handler);
        return token;
    }

    /**
     * Asks for one readiness event ({@code EPOLLOUT}, {@code EPOLLIN}, {@code EPOLLPRI} or several; errors and hang-ups are always
     * reported) on {@code fd}.
     *
     * @return 0, or the errno of a failed epoll_ctl; ENETDOWN once the loop has stopped
     */
    int arm(int fd, long token, int events, boolean added) {
        if (stopped) {
            return Errno.ENETDOWN;
        }
        EpollEvent event = new EpollEvent(events | LibC.EPOLLONESHOT, token);
        return libc.epoll_ctl(epfd, added ? LibC.EPOLL_CTL_MOD : LibC.EPOLL_CTL_ADD, fd, event) < 0 ? Native.getLastError() : 0;
    }

    void remove(int fd, long token, boolean added) {
        if (added && !stopped) {
            libc.epoll_ctl(epfd, LibC.EPOLL_CTL_DEL, fd, new EpollEvent());
        }
        watched.remove(token);
    }

    int registered() {
        return watched.size();
    }

    boolean isAlive() {
        return thread.isAlive() && !stopped;
    }

    /** For the driver's tests: the descriptor whose failure stops the loop. */
    int epollFd() {
        return epfd;
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
        } catch (RuntimeException | Error e) {
            LOG.error("The epoll thread failed and stops", e);
        } finally {
            stopped = true;
            if (running) {
                tellEveryone();
            }
            // The thread closes its own descriptors, so a close() that gave up waiting for it can never
            // pull them from under an epoll_wait still running.
            events.close();
            libc.close(wakeFd);
            libc.close(epfd);
        }
    }

    /** The loop died: every watched descriptor's waiter ends now instead of never. */
    private void tellEveryone() {
        for (Readiness r : List.copyOf(watched.values())) {
            try {
                r.onLoopStopped();
            } catch (RuntimeException | Error e) {
                LOG.error("Ending a wait after the epoll thread stopped failed", e);
            }
        }
    }

    private void dispatch(long token) {
        if (token == WAKE_TOKEN) {
            return;
        }
        Readiness handler = watched.get(token);
        if (handler == null) {
            return;
        }
        try {
            handler.onReady();
        } catch (RuntimeException e) {
            LOG.error("Handling readiness of descriptor token {} failed", token, e);
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
