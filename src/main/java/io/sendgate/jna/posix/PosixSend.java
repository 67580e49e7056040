package io.sendgate.jna.posix;

import io.sendgate.jna.NativeBlock;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendCompletion;

import java.util.Arrays;

/**
 * One send in progress on one socket: the WSABUF array as an iovec array in native memory, and a
 * cursor that moves through it as sendmsg takes bytes. Used only under its socket's lock.
 */
final class PosixSend {
    /** IOV_MAX on Linux: sendmsg refuses longer iovec arrays with EMSGSIZE. */
    static final int IOV_MAX = 1024;
    static final int MSG_NOSIGNAL = 0x4000;

    enum Step { DONE, WOULD_BLOCK, ERROR }

    /**
     * Held only to keep the buffers reachable: the iovec array keeps bare addresses, and a payload nobody
     * references is freed by JNA's cleaner while the kernel may still read from it.
     */
    private final Payload payload;
    private final Memory iov;
    private final Memory msg;
    private final long[] lengths;
    private final int flags;
    /** The last iovec is the send's last byte alone, the only one that goes with MSG_OOB. */
    private final boolean urgentLast;
    private final SendCompletion completion;
    private int index;
    private long sent;
    private int errno;

    /**
     * @param datagram a datagram must leave in one sendmsg call, so past IOV_MAX buffers its (contiguous)
     *                 bytes go as one iovec instead
     */
    PosixSend(Payload payload, boolean datagram, int nativeFlags, SendCompletion completion) {
        this.payload = payload;
        Pointer base = ((NativeBlock) payload.memory()).pointer();
        long[] buffers = payload.bufferLengths();
        // Every sendmsg with MSG_OOB marks its own last byte urgent, and a stream send may take many calls:
        // the byte marked by an earlier call then vanishes from the peer's stream. WSASend marks one byte,
        // the send's last, so that byte leaves alone in the last call and every call before goes without OOB.
        this.urgentLast = !datagram && (nativeFlags & PosixFlags.MSG_OOB) != 0 && payload.totalBytes() > 0;
        this.lengths = datagram && buffers.length > IOV_MAX ? new long[] {payload.totalBytes()}
                : urgentLast ? splitLastByte(buffers) : buffers.clone();
        this.flags = nativeFlags | MSG_NOSIGNAL;
        this.completion = completion;
        this.iov = new Memory((long) Math.max(1, lengths.length) * IoVec.SIZE);
        long offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            iov.setPointer((long) i * IoVec.SIZE + IoVec.BASE, base.share(offset));
            iov.setLong((long) i * IoVec.SIZE + IoVec.LEN, lengths[i]);
            offset += lengths[i];
        }
        this.msg = new Memory(MsgHdr.SIZE);
        msg.clear();
    }

    /**
     * Sends from the cursor until every byte went, the socket buffer is full, or an error. Always makes
     * at least one call, so an empty send still reaches the transport (an empty datagram on UDP).
     */
    Step advance(int fd) {
        do {
            boolean beforeUrgent = urgentLast && index < lengths.length - 1;
            int batch = Math.min((beforeUrgent ? lengths.length - 1 : lengths.length) - index, IOV_MAX);
            msg.setPointer(MsgHdr.IOV, iov.share((long) index * IoVec.SIZE));
            msg.setLong(MsgHdr.IOVLEN, batch);
            long n = LibCDirect.sendmsg(fd, msg, beforeUrgent ? flags & ~PosixFlags.MSG_OOB : flags);
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
            if (n == 0 && remainingInBatch(batch) > 0) {
                return Step.WOULD_BLOCK;
            }
            consume(n);
        } while (index < lengths.length);
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

    /** Moves the cursor past {@code n} bytes, trimming the iovec it stops inside. */
    private void consume(long n) {
        sent += n;
        while (index < lengths.length && lengths[index] <= n) {
            n -= lengths[index];
            index++;
        }
        if (n > 0) {
            long at = (long) index * IoVec.SIZE;
            iov.setPointer(at + IoVec.BASE, iov.getPointer(at + IoVec.BASE).share(n));
            lengths[index] -= n;
            iov.setLong(at + IoVec.LEN, lengths[index]);
        }
    }

    private long remainingInBatch(int batch) {
        long r = 0;
        for (int i = index; i < index + batch; i++) {
            r += lengths[i];
        }
        return r;
    }

    long sent() {
        return sent;
    }

    int errno() {
        return errno;
    }

    SendCompletion completion() {
        return completion;
    }

    /** Frees the iovec array and message header; the payload stays with its operation. */
    void release() {
        iov.close();
        msg.close();
    }
}
