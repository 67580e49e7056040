package io.sendgate.jna.posix;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;
import io.sendgate.jna.DescribedSocket;
import io.sendgate.core.port.SendCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.SendStart;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.core.port.SocketKind;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A socket held through libc. The descriptor is O_NONBLOCK whatever the caller's mode: the core
 * emulates blocking and overlapped sends above it. Every call on the descriptor runs under
 * {@link #lock}, so close never races a sendmsg and a descriptor is never used after it was reused.
 */
final class PosixSocket extends DescribedSocket {
    private final PosixSockets driver;
    private final int fd;
    private final long token;
    private final ReentrantLock lock = new ReentrantLock();
    private PosixSend current;
    private boolean armedBefore;
    private boolean closed;
    private boolean sendShut;
    private boolean peerReset;

    PosixSocket(PosixSockets driver, int fd, SocketKind kind, boolean ipv6) {
        super(driver.factsOf(fd, kind, ipv6));
        this.driver = driver;
        this.fd = fd;
        this.token = driver.loop().register(this);
    }

    int fd() {
        return fd;
    }

    @Override
    public SendStart startSend(Payload payload, Set<SendFlag> flags, SendCompletion completion) {
        lock.lock();
        try {
            if (closed) {
                return SendStart.failed(WsaError.WSAENOTSOCK, 0);
            }
            int nativeFlags;
            try {
                nativeFlags = PosixFlags.of(flags);
            } catch (WsaException untranslatable) {
                // A failed start is an answer, not an exception (SendStart): nothing was started.
                return SendStart.failed(untranslatable.error(), 0);
            }
            PosixSend send = new PosixSend(payload, !kind().isStream(), nativeFlags, completion);
            PosixSend.Step step = send.advance(fd);
            if (step == PosixSend.Step.WOULD_BLOCK) {
                int armErrno = arm();
                if (armErrno == 0) {
                    current = send;
                    return SendStart.pending();
                }
                send.release();
                return SendStart.failed(Errno.toWsa(armErrno, facts()), send.sent());
            }
            send.release();
            return step == PosixSend.Step.DONE
                    ? SendStart.completed(send.sent())
                    : SendStart.failed(wsa(send.errno()), send.sent());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sendNow(Payload payload, Set<SendFlag> flags) {
        lock.lock();
        try {
            if (closed) {
                throw new WsaException(WsaError.WSAENOTSOCK, "The socket is closed");
            }
            PosixSend send = new PosixSend(payload, !kind().isStream(), PosixFlags.of(flags), null);
            try {
                PosixSend.Step step = send.advance(fd);
                if (send.sent() > 0 || step == PosixSend.Step.DONE) {
                    return send.sent();
                }
                if (step == PosixSend.Step.WOULD_BLOCK) {
                    throw new WsaException(WsaError.WSAEWOULDBLOCK,
                            "The socket's send buffer is full; nothing could be taken now");
                }
                throw driver.failure("sendmsg", send.errno(), facts());
            } finally {
                send.release();
            }
        } finally {
            lock.unlock();
        }
    }

    /** EPOLLOUT (or an error) on this socket: continue the send in progress. Runs on the epoll thread. */
    void onReady() {
        PosixSend finished;
        WsaError error = null;
        lock.lock();
        try {
            if (closed || current == null) {
                return;
            }
            PosixSend.Step step = current.advance(fd);
            int armErrno = step == PosixSend.Step.WOULD_BLOCK ? arm() : 0;
            if (step == PosixSend.Step.WOULD_BLOCK && armErrno == 0) {
                return;
            }
            finished = current;
            current = null;
            finished.release();
            if (step == PosixSend.Step.ERROR) {
                error = wsa(finished.errno());
            } else if (armErrno != 0) {
                // nothing would wake the send again: end it rather than leave it hanging until close
                error = Errno.toWsa(armErrno, facts());
            }
        } finally {
            lock.unlock();
        }
        finished.completion().completed(finished.sent(), error);
    }

    @Override
    public OptionalLong cancelSend() {
        lock.lock();
        try {
            if (current == null) {
                return OptionalLong.empty();
            }
            PosixSend cancelled = current;
            current = null;
            cancelled.release();
            // An EPOLLOUT still armed for it finds no send in progress and is ignored.
            return OptionalLong.of(cancelled.sent());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutdown(ShutdownHow how) {
        lock.lock();
        try {
            if (closed) {
                throw new WsaException(WsaError.WSAENOTSOCK, "The socket is closed");
            }
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
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        PosixSend orphan;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            orphan = current;
            current = null;
            driver.loop().remove(fd, token, armedBefore);
            driver.libc().close(fd);
            if (orphan != null) {
                orphan.release();
            }
        } finally {
            lock.unlock();
        }
        if (orphan != null) {
            orphan.completion().completed(orphan.sent(), WsaError.WSA_OPERATION_ABORTED);
        }
    }

    /** @return 0, or the errno of a failed epoll_ctl */
    private int arm() {
        int errno = driver.loop().armWritable(fd, token, armedBefore);
        if (errno == 0) {
            armedBefore = true;
        }
        return errno;
    }

    private WsaError wsa(int errno) {
        WsaError error = Errno.toWsa(errno, facts());
        if (error == WsaError.WSAECONNRESET && kind().isStream()) {
            peerReset = true;
        }
        return error;
    }

    private Errno.Facts facts() {
        return new Errno.Facts(!kind().isStream(), sendShut, peerReset, remote() != null);
    }
}
