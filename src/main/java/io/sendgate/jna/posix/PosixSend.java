package io.sendgate.jna.posix;

import com.sun.jna.Native;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.IoCompletion;

import java.util.Arrays;

/**
 * One send in progress on one socket: its buffers as an iovec array, continued from the cursor as sendmsg
 * takes bytes. Used only under its socket's lock.
 */
final class PosixSend {
    static final int MSG_NOSIGNAL = 0x4000;

    enum Step { DONE, WOULD_BLOCK, ERROR }

    private final IoVecCursor cursor;
    private final int flags;
    /** The last iovec is the send's last byte alone, the only one that goes with MSG_OOB. */
    private final boolean urgentLast;
    private final IoCompletion completion;
    private int errno;

    /**
     * @param datagram a datagram must leave in one sendmsg call, so past IOV_MAX buffers its (contiguous)
     *                 bytes go as one iovec instead
     */
    PosixSend(Payload payload, boolean datagram, int nativeFlags, IoCompletion completion) {
        long[] buffers = payload.bufferLengths();
        // Every sendmsg with MSG_OOB marks its own last byte urgent, and a stream send may take many calls:
        // the byte marked by an earlier call then vanishes from the peer's stream. WSASend marks one byte,
        // the send's last, so that byte leaves alone in the last call and every call before goes without OOB.
        this.urgentLast = !datagram && (nativeFlags & PosixFlags.MSG_OOB) != 0 && payload.totalBytes() > 0;
        this.cursor = new IoVecCursor(payload, datagram && buffers.length > IoVecCursor.IOV_MAX
                ? new long[] {payload.totalBytes()} : urgentLast ? splitLastByte(buffers) : buffers.clone());
        this.flags = nativeFlags | MSG_NOSIGNAL;
        this.completion = completion;
    }

    /**
     * Sends from the cursor until every byte went, the socket buffer is full, or an error. Always makes
     * at least one call, so an empty send still reaches the transport (an empty datagram on UDP).
     */
    Step advance(int fd) {
        do {
            boolean beforeUrgent = urgentLast && cursor.index() < cursor.count() - 1;
            int batch = cursor.prepare(beforeUrgent ? cursor.count() - 1 : cursor.count());
            long n = LibCDirect.sendmsg(fd, cursor.msg(), beforeUrgent ? flags & ~PosixFlags.MSG_OOB : flags);
            if (n < 0) {
                int e = Native.getLastError();
                if (e == Errno.EINTR) {
                    continue;
                }
                if (e == Errno.EAGAIN) {
                    return Step.WOULD_BLOCK;
                }
                errno = e;
                return Step.ERROR;
            }
            if (n == 0 && cursor.remainingIn(batch) > 0) {
                return Step.WOULD_BLOCK;
            }
            cursor.consume(n);
        } while (!cursor.atEnd());
        return Step.DONE;
    }

    /** The buffers with the last byte as a buffer of its own; empty buffers after it carry nothing and go. */
    private static long[] splitLastByte(long[] buffers) {
        int last = buffers.length - 1;
        while (buffers[last] == 0) {
            last--;
        }
        long[] out = Arrays.copyOf(buffers, last + 2);
        out[last] -= 1;
        out[last + 1] = 1;
        return out;
    }

    long sent() {
        return cursor.moved();
    }

    int errno() {
        return errno;
    }

    IoCompletion completion() {
        return completion;
    }

    /** Frees the iovec array and message header; the payload stays with its operation. */
    void release() {
        cursor.release();
    }
}
