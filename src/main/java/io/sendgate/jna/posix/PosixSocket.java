package io.sendgate.jna.posix;

import com.sun.jna.Memory;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.SendStart;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.SocketFacts;
import io.sendgate.jna.LockedSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;
import java.util.Set;

/**
 * A socket held through libc. The descriptor is O_NONBLOCK whatever the caller's mode: the core
 * emulates blocking and overlapped sends above it; a send that cannot finish at once is continued by the
 * epoll thread when the kernel has room.
 */
final class PosixSocket extends LockedSocket implements Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(PosixSocket.class);

    private final PosixSockets driver;
    private final int fd;
    private final boolean ipv6;
    private final long token;
    private PosixSend current;
    private boolean armedBefore;
    private boolean sendShut;
    private boolean peerReset;

    PosixSocket(PosixSockets driver, int fd, SocketKind kind, boolean ipv6) {
        super(driver.factsOf(fd, kind, ipv6));
        this.driver = driver;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.token = driver.loop().register(this);
    }

    int fd() {
        return fd;
    }

    @Override
    protected SendStart begin(Payload payload, Set<SendFlag> flags, SendCompletion completion) {
        PosixSend send = new PosixSend(payload, !kind().isStream(), PosixFlags.of(flags), completion);
        PosixSend.Step step = send.advance(fd);
        if (step == PosixSend.Step.WOULD_BLOCK) {
            int armErrno = arm();
            if (armErrno == 0) {
                current = send;
                return SendStart.pending();
            }
            send.release();
            return SendStart.failed(armFailure(armErrno), send.sent());
        }
        send.release();
        return step == PosixSend.Step.DONE
                ? SendStart.completed(send.sent())
                : SendStart.failed(failure("sendmsg", send.errno(), send), send.sent());
    }

    @Override
    protected long takeNow(Payload payload, Set<SendFlag> flags) {
        PosixSend send = new PosixSend(payload, !kind().isStream(), PosixFlags.of(flags), null);
        try {
            PosixSend.Step step = send.advance(fd);
            if (send.sent() > 0 || step == PosixSend.Step.DONE) {
                return send.sent();
            }
            if (step == PosixSend.Step.WOULD_BLOCK) {
                throw new WsaException(WsaError.WSAEWOULDBLOCK, "The socket's send buffer is full; nothing could be taken now");
            }
            throw failure("sendmsg", send.errno(), send).toException();
        } finally {
            send.release();
        }
    }

    @Override
    public long progress() {
        lock.lock();
        try {
            return current == null ? 0 : current.sent();
        } finally {
            lock.unlock();
        }
    }

    /** EPOLLOUT (or an error) on this socket: continue the send in progress. Runs on the epoll thread. */
    @Override
    public void onReady() {
        PosixSend finished;
        Failure failure = null;
        lock.lock();
        try {
            if (isClosed() || current == null) {
                return;
            }
            try {
                PosixSend.Step step = current.advance(fd);
                int armErrno = step == PosixSend.Step.WOULD_BLOCK ? arm() : 0;
                if (step == PosixSend.Step.WOULD_BLOCK && armErrno == 0) {
                    return;
                }
                if (step == PosixSend.Step.ERROR) {
                    failure = failure("sendmsg", current.errno(), current);
                } else if (armErrno != 0) {
                    // nothing would wake the send again: end it rather than leave it hanging until close
                    failure = armFailure(armErrno);
                }
            } catch (RuntimeException e) {
                // A send that cannot be continued must still end, or it stays pending until close.
                LOG.error("Continuing a send on fd {} failed", fd, e);
                failure = new Failure(WsaError.WSASYSCALLFAILURE, "Continuing the send failed in the driver");
            }
            finished = current;
            current = null;
            finished.release();
        } finally {
            lock.unlock();
        }
        finished.completion().completed(finished.sent(), failure);
    }

    /** The epoll thread is gone: the send in progress can never be continued. */
    @Override
    public void onLoopStopped() {
        PosixSend orphan;
        lock.lock();
        try {
            orphan = current;
            current = null;
            if (orphan != null) {
                orphan.release();
            }
        } finally {
            lock.unlock();
        }
        if (orphan != null) {
            orphan.completion().completed(orphan.sent(), new Failure(WsaError.WSAENETDOWN,
                    "The driver's epoll thread stopped; see the service log and /actuator/health"));
        }
    }

    @Override
    protected OptionalLong cancel() {
        if (current == null) {
            return OptionalLong.empty();
        }
        PosixSend cancelled = current;
        current = null;
        cancelled.release();
        // An EPOLLOUT still armed for it finds no send in progress and is ignored.
        return OptionalLong.of(cancelled.sent());
    }

    @Override
    protected SocketFacts applied(SocketOptions options) {
        driver.apply(fd, kind(), options);
        return driver.factsOf(fd, kind(), ipv6);
    }

    @Override
    protected void shut(ShutdownHow how) {
        int posixHow = switch (how) {
            case SD_RECEIVE -> LibC.SHUT_RD;
            case SD_SEND -> LibC.SHUT_WR;
            case SD_BOTH -> LibC.SHUT_RDWR;
        };
        if (driver.libc().shutdown(fd, posixHow) < 0) {
            throw driver.failure("shutdown", com.sun.jna.Native.getLastError(), facts());
        }
        if (how.closesSend()) {
            sendShut = true;
        }
    }

    @Override
    protected Runnable closeDescriptor(boolean reset) {
        PosixSend orphan = current;
        current = null;
        driver.loop().remove(fd, token, armedBefore);
        if (reset) {
            lingerZero();
        }
        driver.libc().close(fd);
        if (orphan == null) {
            return () -> { };
        }
        orphan.release();
        return () -> orphan.completion().completed(orphan.sent(), Failure.of(WsaError.WSA_OPERATION_ABORTED));
    }

    /** SO_LINGER {1, 0}: close() then sends a reset instead of a FIN. */
    private void lingerZero() {
        try (Memory linger = new Memory(8)) {
            linger.setInt(0, 1);
            linger.setInt(4, 0);
            if (driver.libc().setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, linger, 8) < 0) {
                LOG.warn("setsockopt(SO_LINGER) failed with error({}): the peer gets an orderly close, not a reset",
                        com.sun.jna.Native.getLastError());
            }
        }
    }

    /** @return 0, or the errno of a failed epoll_ctl */
    private int arm() {
        int errno = driver.loop().arm(fd, token, LibC.EPOLLOUT, armedBefore);
        if (errno == 0) {
            armedBefore = true;
        }
        return errno;
    }

    /**
     * epoll_ctl failing says nothing of the socket: the driver's loop is short of memory (WSAENOBUFS) or
     * broken (WSAENETDOWN, as when its thread has stopped).
     */
    private Failure armFailure(int errno) {
        WsaError error = errno == Errno.ENOMEM || errno == Errno.ENOSPC ? WsaError.WSAENOBUFS : WsaError.WSAENETDOWN;
        return new Failure(error, driver.describe("epoll_ctl", errno));
    }

    /** The failure of a call on the send path, with the platform's words and the code Windows would give. */
    private Failure failure(String call, int errno, PosixSend send) {
        boolean keepAliveIdle = Boolean.TRUE.equals(effectiveOptions().keepAlive()) && send.sent() == 0;
        WsaError error = Errno.toWsa(errno, facts().sending(keepAliveIdle));
        if (error == WsaError.WSAECONNRESET && kind().isStream()) {
            peerReset = true;
        }
        return new Failure(error, driver.describe(call, errno));
    }

    private Errno.Facts facts() {
        return new Errno.Facts(!kind().isStream(), sendShut, peerReset, remote() != null);
    }
}
