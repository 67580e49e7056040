package io.sendgate.jna.posix;

import com.sun.jna.Native;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;

import java.util.Set;

/**
 * One receive in progress on one socket: its buffers as an iovec array, filled from the cursor as recvmsg
 * returns bytes. Used only under its socket's lock.
 */
final class PosixReceive {
    enum Step { DONE, WOULD_BLOCK, ERROR }

    private final IoVecCursor cursor;
    private final boolean datagram;
    private final boolean waitAll;
    private final boolean urgent;
    private final int flags;
    private final IoCompletion completion;
    private final PosixSockets driver;
    private boolean truncated;
    private boolean endOfStream;
    private int errno;

    /**
     * @param driver   asked about the socket when a MSG_OOB receive finds no urgent byte
     * @param datagram a datagram arrives in one recvmsg call, so past IOV_MAX buffers its (contiguous)
     *                 buffers are filled as one iovec instead
     */
    PosixReceive(PosixSockets driver, Payload buffers, Set<ReceiveFlag> requested, boolean datagram, IoCompletion completion) {
        this.driver = driver;
        long[] lengths = buffers.bufferLengths();
        this.cursor = new IoVecCursor(buffers, datagram && lengths.length > IoVecCursor.IOV_MAX
                ? new long[] {buffers.totalBytes()} : lengths.clone());
        this.datagram = datagram;
        this.waitAll = requested.contains(ReceiveFlag.MSG_WAITALL);
        this.urgent = requested.contains(ReceiveFlag.MSG_OOB);
        this.flags = PosixFlags.ofReceive(requested);
        this.completion = completion;
    }

    /**
     * Reads from the cursor: once, or with MSG_WAITALL until every buffer is full or the stream ended. A
     * datagram is always one call; {@link #truncated()} then says whether it was longer than the buffers.
     */
    Step advance(int fd) {
        while (true) {
            cursor.prepare(cursor.count());
            long n = LibCDirect.recvmsg(fd, cursor.msg(), flags);
            if (n < 0) {
                int e = Native.getLastError();
                if (e == Errno.EINTR) {
                    continue;
                }
                // Linux answers EINVAL to MSG_OOB while no urgent byte has arrived: not yet, as Winsock's
                // overlapped receive sees it, which waits for one, unless the stream can bring none any more.
                if (urgent && e == Errno.EINVAL) {
                    return noUrgentDataCanCome(fd);
                }
                if (e == Errno.EAGAIN) {
                    return Step.WOULD_BLOCK;
                }
                errno = e;
                return Step.ERROR;
            }
            cursor.consume(n);
            if (datagram) {
                truncated = (cursor.resultFlags() & PosixFlags.MSG_TRUNC) != 0;
                return Step.DONE;
            }
            if (n == 0) {
                endOfStream = true;
                return Step.DONE;
            }
            if (!waitAll || cursor.atEnd()) {
                return Step.DONE;
            }
        }
    }

    /**
     * A MSG_OOB receive found no urgent byte: it waits for one (WOULD_BLOCK) while the connection can still
     * bring one. Once the peer's FIN came (POLLRDHUP) or the connection is gone (POLLHUP) none can, and it
     * ends as a receive at the end of the stream does; an error waiting on the socket (POLLERR) fails it.
     * Without this it would wait until close, and a hung-up descriptor, always ready, would wake the epoll
     * thread for it again and again.
     */
    private Step noUrgentDataCanCome(int fd) {
        PollFd state = new PollFd(fd, LibC.POLLRDHUP);
        if (driver.libc().poll(state, 1, 0) <= 0) {
            return Step.WOULD_BLOCK;
        }
        if ((state.revents & LibC.POLLERR) != 0) {
            Integer error = driver.soError(fd);
            if (error != null && error != 0) {
                errno = error;
                return Step.ERROR;
            }
        }
        if ((state.revents & (LibC.POLLRDHUP | LibC.POLLHUP | LibC.POLLERR)) != 0) {
            endOfStream = true;
            return Step.DONE;
        }
        return Step.WOULD_BLOCK;
    }

    /** Whether the next readiness to wait for is urgent data (EPOLLPRI) rather than normal data. */
    boolean urgent() {
        return urgent;
    }

    long received() {
        return cursor.moved();
    }

    boolean truncated() {
        return truncated;
    }

    /**
     * Whether the stream ended under the receive: recvmsg answered 0 (the peer's FIN, or a reset Linux already
     * reported to an earlier call), or a MSG_OOB receive found that no urgent byte can come any more.
     */
    boolean endOfStream() {
        return endOfStream;
    }

    int errno() {
        return errno;
    }

    IoCompletion completion() {
        return completion;
    }

    void release() {
        cursor.release();
    }
}
