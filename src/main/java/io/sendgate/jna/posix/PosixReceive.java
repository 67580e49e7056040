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
    private boolean truncated;
    private int errno;

    /**
     * @param datagram a datagram arrives in one recvmsg call, so past IOV_MAX buffers its (contiguous)
     *                 buffers are filled as one iovec instead
     */
    PosixReceive(Payload buffers, Set<ReceiveFlag> requested, boolean datagram, IoCompletion completion) {
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
                // overlapped receive sees it, which waits for one.
                if (e == Errno.EAGAIN || urgent && e == Errno.EINVAL) {
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
            if (n == 0 || !waitAll || cursor.atEnd()) {
                return Step.DONE;
            }
        }
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
