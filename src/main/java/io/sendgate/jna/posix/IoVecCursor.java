package io.sendgate.jna.posix;

import com.sun.jna.Pointer;
import io.sendgate.core.port.Payload;
import io.sendgate.jna.NativeBlock;
import io.sendgate.jna.SmallBlock;

/**
 * A WSABUF array as an iovec array in native memory, with the message header that points into it, and a
 * cursor that moves through it as sendmsg takes or recvmsg fills bytes (libuv's write request, Netty's
 * {@code IovArray}). Used only under its socket's lock.
 */
final class IoVecCursor {
    /** IOV_MAX on Linux: sendmsg and recvmsg refuse longer iovec arrays with EMSGSIZE. */
    static final int IOV_MAX = 1024;
    /** Where the iovec array starts: right after the header, whose size keeps the iovecs' pointers aligned. */
    private static final long IOV_AT = MsgHdr.SIZE;

    /**
     * Held only to keep the buffers reachable: the iovec array keeps bare addresses, and a payload nobody
     * references is freed by JNA's cleaner while the kernel may still use it.
     */
    private final Payload payload;
    /**
     * The message header, then the iovec array it points into: one allocation, not two, since every
     * pending operation holds its cursor. A small block (one for the usual few buffers) comes from those
     * earlier sends gave back: a JNA Memory per send cost a malloc, its cleaner and its registry entry
     * (about 200 bytes of heap), a twelfth of a batch's time per send.
     */
    private final NativeBlock block;
    private final Pointer msg;
    private final long[] lengths;
    private int index;
    private long moved;

    /** @param lengths the payload's buffers as they are to be used (a copy the cursor may trim) */
    IoVecCursor(Payload payload, long[] lengths) {
        this.payload = payload;
        this.lengths = lengths;
        Pointer base = ((NativeBlock) payload.memory()).pointer();
        this.block = SmallBlock.forDriver(IOV_AT + (long) Math.max(1, lengths.length) * IoVec.SIZE);
        this.msg = block.pointer();
        msg.setMemory(0, IOV_AT, (byte) 0);
        long offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            msg.setPointer(iovAt(i) + IoVec.BASE, base.share(offset));
            msg.setLong(iovAt(i) + IoVec.LEN, lengths[i]);
            offset += lengths[i];
        }
    }

    private static long iovAt(int i) {
        return IOV_AT + (long) i * IoVec.SIZE;
    }

    /**
     * Points the message header at the iovecs from the cursor on, at most {@code upTo} of them (an index
     * past the cursor) and never more than IOV_MAX.
     *
     * @return the message header, and how many iovecs it covers
     */
    int prepare(int upTo) {
        int batch = Math.min(upTo - index, IOV_MAX);
        msg.setPointer(MsgHdr.IOV, msg.share(iovAt(index)));
        msg.setLong(MsgHdr.IOVLEN, batch);
        msg.setInt(MsgHdr.FLAGS, 0);
        return batch;
    }

    /** The message header, for sendmsg and recvmsg. */
    Pointer msg() {
        return msg;
    }

    /** recvmsg's msg_flags after the last call. */
    int resultFlags() {
        return msg.getInt(MsgHdr.FLAGS);
    }

    /** Moves the cursor past {@code n} bytes, trimming the iovec it stops inside. */
    void consume(long n) {
        moved += n;
        while (index < lengths.length && lengths[index] <= n) {
            n -= lengths[index];
            index++;
        }
        if (n > 0) {
            long at = iovAt(index);
            msg.setPointer(at + IoVec.BASE, msg.getPointer(at + IoVec.BASE).share(n));
            lengths[index] -= n;
            msg.setLong(at + IoVec.LEN, lengths[index]);
        }
    }

    /** Bytes left in the {@code batch} iovecs from the cursor on. */
    long remainingIn(int batch) {
        long r = 0;
        for (int i = index; i < index + batch; i++) {
            r += lengths[i];
        }
        return r;
    }

    int index() {
        return index;
    }

    int count() {
        return lengths.length;
    }

    boolean atEnd() {
        return index >= lengths.length;
    }

    long moved() {
        return moved;
    }

    /** Frees the iovec array and message header; the payload stays with its operation. */
    void release() {
        block.close();
    }
}
