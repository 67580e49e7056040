package io.sendgate.jna.posix;

import com.sun.jna.Memory;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.IoStart;
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
 * emulates blocking and overlapped operations above it. A send that cannot finish at once is continued by
 * the epoll thread when the kernel has room, a receive when data (or urgent data) arrives; the two are
 * independent, and the one-shot registration asks for whatever the pending ones wait for.
 */
final class PosixSocket extends LockedSocket implements Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(PosixSocket.class);

    private final PosixSockets driver;
    private final int fd;
    private final boolean ipv6;
    private final long token;
    private PosixSend current;
    private PosixReceive receiving;
    private boolean armedBefore;
    private boolean sendShut;
    private boolean receiveShut;
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
    protected IoStart begin(Payload payload, Set<SendFlag> flags, IoCompletion completion) {
        PosixSend send = new PosixSend(payload, !kind().isStream(), PosixFlags.of(flags), completion);
        PosixSend.Step step = send.advance(fd);
        if (step == PosixSend.Step.WOULD_BLOCK) {
            current = send;
            int armErrno = arm();
            if (armErrno == 0) {
                return IoStart.pending();
            }
            current = null;
            send.release();
            return IoStart.failed(armFailure(armErrno), send.sent());
        }
        send.release();
        return step == PosixSend.Step.DONE
                ? IoStart.completed(send.sent())
                : IoStart.failed(failure("sendmsg", send.errno(), send), send.sent());
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
    protected IoStart beginReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion) {
        refuseReceive(flags);
        PosixReceive receive = new PosixReceive(driver, buffers, flags, !kind().isStream(), completion);
        PosixReceive.Step step = receive.advance(fd);
        if (step == PosixReceive.Step.WOULD_BLOCK) {
            receiving = receive;
            int armErrno = arm();
            if (armErrno == 0) {
                return IoStart.pending();
            }
            receiving = null;
            receive.release();
            return IoStart.failed(armFailure(armErrno), receive.received());
        }
        receive.release();
        return ended(receive, step);
    }

    @Override
    protected IoStart takeReceivedNow(Payload buffers, Set<ReceiveFlag> flags) {
        if (receiving != null) {
            // The pending receive comes first (C42): nothing is there for a later one yet.
            return IoStart.failed(new Failure(WsaError.WSAEWOULDBLOCK, "An earlier receive is still waiting for data"), 0);
        }
        refuseReceive(flags);
        PosixReceive receive = new PosixReceive(driver, buffers, flags, !kind().isStream(), null);
        try {
            PosixReceive.Step step = receive.advance(fd);
            if (step == PosixReceive.Step.WOULD_BLOCK && receive.received() == 0) {
                return IoStart.failed(new Failure(WsaError.WSAEWOULDBLOCK, "No data is there to receive now"), 0);
            }
            return step == PosixReceive.Step.WOULD_BLOCK ? IoStart.completed(receive.received()) : ended(receive, step);
        } finally {
            receive.release();
        }
    }

    /**
     * What WSARecv refuses before it starts, as Winsock does: flags the socket's kind does not support
     * (WSAEOPNOTSUPP; Linux would take MSG_OOB on UDP as a plain receive), and any receive after our own
     * SD_RECEIVE or SD_BOTH (WSAESHUTDOWN; Linux would answer 0 bytes, the end of the stream).
     */
    private void refuseReceive(Set<ReceiveFlag> flags) {
        ReceiveFlag.check(kind(), flags).ifPresent(why -> {
            throw new WsaException(WsaError.WSAEOPNOTSUPP, why);
        });
        if (receiveShut) {
            throw new WsaException(WsaError.WSAESHUTDOWN, "The receiving side of the socket was shut down");
        }
    }

    /** What a receive that is no longer waiting gave: its bytes, with a truncation or an error when there was one. */
    private IoStart ended(PosixReceive receive, PosixReceive.Step step) {
        Failure failure = receiveFailure(receive, step);
        return failure == null ? IoStart.completed(receive.received()) : IoStart.failed(failure, receive.received());
    }

    private Failure receiveFailure(PosixReceive receive, PosixReceive.Step step) {
        if (step == PosixReceive.Step.ERROR) {
            WsaError error = Errno.toWsa(receive.errno(), facts().receiving());
            if (error == WsaError.WSAECONNRESET && kind().isStream()) {
                peerReset = true;
            }
            return new Failure(error, driver.describe("recvmsg", receive.errno()));
        }
        if (receive.endOfStream() && peerReset) {
            // Linux reports a reset once, to whichever call comes first (a send, or the receive before), then
            // answers 0 as at a graceful close; Winsock fails every receive on a reset connection.
            return new Failure(WsaError.WSAECONNRESET, "The connection was reset by the peer");
        }
        if (receive.truncated()) {
            return new Failure(WsaError.WSAEMSGSIZE, "The datagram was longer than the receive's "
                    + receive.received() + " bytes of buffers; the rest of it is lost");
        }
        return null;
    }

    @Override
    protected OptionalLong cancelReceiving() {
        if (receiving == null) {
            return OptionalLong.empty();
        }
        PosixReceive cancelled = receiving;
        receiving = null;
        cancelled.release();
        return OptionalLong.of(cancelled.received());
    }

    @Override
    public long receiveProgress() {
        lock.lock();
        try {
            return receiving == null ? 0 : receiving.received();
        } finally {
            lock.unlock();
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

    /**
     * Readiness (or an error) on this socket: continue the send and the receive in progress, and ask again
     * for what is still waiting. Runs on the epoll thread; completions are reported after the lock is let go.
     */
    @Override
    public void onReady() {
        Runnable sendEnded;
        Runnable receiveEnded;
        lock.lock();
        try {
            if (isClosed()) {
                return;
            }
            sendEnded = continueSend();
            receiveEnded = continueReceive();
            if (current != null || receiving != null) {
                int armErrno = arm();
                if (armErrno != 0) {
                    // nothing would wake them again: end them rather than leave them hanging until close
                    Failure failure = armFailure(armErrno);
                    sendEnded = then(sendEnded, endSend(failure));
                    receiveEnded = then(receiveEnded, endReceive(failure));
                }
            }
        } finally {
            lock.unlock();
        }
        then(sendEnded, receiveEnded).run();
    }

    /** Under the lock: one step of the send in progress; what to report when it ended. */
    private Runnable continueSend() {
        if (current == null) {
            return NOTHING;
        }
        try {
            PosixSend.Step step = current.advance(fd);
            if (step == PosixSend.Step.WOULD_BLOCK) {
                return NOTHING;
            }
            return endSend(step == PosixSend.Step.ERROR ? failure("sendmsg", current.errno(), current) : null);
        } catch (RuntimeException e) {
            // A send that cannot be continued must still end, or it stays pending until close.
            LOG.error("Continuing a send on fd {} failed", fd, e);
            return endSend(new Failure(WsaError.WSASYSCALLFAILURE, "Continuing the send failed in the driver"));
        }
    }

    /** Under the lock: one step of the receive in progress; what to report when it ended. */
    private Runnable continueReceive() {
        if (receiving == null) {
            return NOTHING;
        }
        try {
            PosixReceive.Step step = receiving.advance(fd);
            if (step == PosixReceive.Step.WOULD_BLOCK) {
                return NOTHING;
            }
            return endReceive(receiveFailure(receiving, step));
        } catch (RuntimeException e) {
            LOG.error("Continuing a receive on fd {} failed", fd, e);
            return endReceive(new Failure(WsaError.WSASYSCALLFAILURE, "Continuing the receive failed in the driver"));
        }
    }

    private static final Runnable NOTHING = () -> { };

    /**
     * Both reports, the second also when the first throws: each operation was already taken out of the socket,
     * so a report skipped is a completion lost for good.
     */
    private static Runnable then(Runnable first, Runnable second) {
        return () -> {
            try {
                first.run();
            } finally {
                second.run();
            }
        };
    }

    /** Under the lock: the send in progress ends; returns its report, to run after the lock is let go. */
    private Runnable endSend(Failure failure) {
        PosixSend finished = current;
        if (finished == null) {
            return NOTHING;
        }
        current = null;
        finished.release();
        return () -> finished.completion().completed(finished.sent(), failure);
    }

    /** Under the lock: the receive in progress ends; as {@link #endSend}. */
    private Runnable endReceive(Failure failure) {
        PosixReceive finished = receiving;
        if (finished == null) {
            return NOTHING;
        }
        receiving = null;
        finished.release();
        return () -> finished.completion().completed(finished.received(), failure);
    }

    /** The epoll thread is gone: the send and receive in progress can never be continued. */
    @Override
    public void onLoopStopped() {
        Failure down = new Failure(WsaError.WSAENETDOWN,
                "The driver's epoll thread stopped; see the service log and /actuator/health");
        Runnable ended;
        lock.lock();
        try {
            ended = then(endSend(down), endReceive(down));
        } finally {
            lock.unlock();
        }
        ended.run();
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
        if (how.closesReceive()) {
            receiveShut = true;
        }
    }

    @Override
    protected Runnable closeDescriptor(boolean reset) {
        Failure aborted = Failure.of(WsaError.WSA_OPERATION_ABORTED);
        Runnable orphans = then(endSend(aborted), endReceive(aborted));
        driver.loop().remove(fd, token, armedBefore);
        if (reset) {
            lingerZero();
        }
        driver.libc().close(fd);
        return orphans;
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

    /** Asks for what the pending send and receive wait for. @return 0, or the errno of a failed epoll_ctl */
    private int arm() {
        // An urgent receive also asks for the peer's FIN, after which no urgent byte can come (see PosixReceive).
        int events = (current != null ? LibC.EPOLLOUT : 0)
                | (receiving == null ? 0 : receiving.urgent() ? LibC.EPOLLPRI | LibC.EPOLLRDHUP : LibC.EPOLLIN);
        int errno = driver.loop().arm(fd, token, events, armedBefore);
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
