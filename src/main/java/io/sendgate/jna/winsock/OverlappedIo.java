package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.Payload;
import io.sendgate.jna.NativeBlock;

/**
 * One overlapped WSASend or WSARecv's native state: its WSAOVERLAPPED, the DWORD WSARecv takes as lpFlags (and
 * writes back), then its WSABUF array, in one block the driver owns until the completion packet for it has been
 * dequeued: also after closesocket, also when the call answered at once (the packet is queued all the same and
 * the system writes the OVERLAPPED when it posts it), and until then its address stays out of reuse, so a late
 * packet can never be taken for a newer operation's. The data itself is the operation's payload; buffer
 * {@code i} starts where buffer {@code i-1} ends. A send and a receive differ only in the call and in how its
 * outcome reads: the subclasses say that, the life of the memory is here, once.
 */
abstract class OverlappedIo {
    /** lpFlags follows the OVERLAPPED; 8 bytes are kept for it so that the WSABUF pointers stay 8-aligned. */
    static final int FLAGS = WsaOverlapped.SIZE;
    static final int BUFFERS = FLAGS + 8;

    private final WinsockSocket socket;
    /** Held so that the payload's memory stays reachable (JNA frees unreachable memory) while Winsock owns it. */
    private final Payload payload;
    private final Memory block;
    private final int count;
    private final IoCompletion completion;
    private boolean reportedAtOnce;

    OverlappedIo(WinsockSocket socket, Payload payload, IoCompletion completion) {
        this.socket = socket;
        this.payload = payload;
        this.completion = completion;
        long[] lengths = payload.bufferLengths();
        this.count = lengths.length;
        this.block = new Memory(BUFFERS + (long) Math.max(1, count) * WsaBuf.SIZE);
        block.clear();
        Pointer data = ((NativeBlock) payload.memory()).pointer();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            long at = BUFFERS + (long) i * WsaBuf.SIZE;
            block.setInt(at + WsaBuf.LEN, (int) lengths[i]);
            block.setPointer(at + WsaBuf.BUF, data.share(offset));
            offset += lengths[i];
        }
    }

    /**
     * Makes the call on {@code s} with this block (lpOverlapped NULL when {@code overlapped} is false).
     *
     * @param transferred where a non-overlapped call writes its count; NULL for an overlapped one, as the reference
     *                    advises (the count comes with the completion)
     * @return 0, or SOCKET_ERROR with the code in the thread's last error
     */
    abstract int issue(long s, Pointer transferred, boolean overlapped);

    /** The call's name, for messages. */
    abstract String call();

    /**
     * The call answered something other than WSA_IO_PENDING ({@code error} 0: it returned 0).
     *
     * @return what the caller is told now, when a completion packet still follows that answer (the packet then
     * only frees the block; PENDING: the packet reports it); null when no packet follows (a plain failure)
     */
    abstract IoStart answeredAtOnce(int error);

    /** Why the operation ended, from WSAGetOverlappedResult's code (0: it succeeded) and the packet's count. */
    abstract Failure outcome(int error, long bytes);

    /**
     * As {@link #outcome}, for a packet that came after closesocket, when the handle may already name another
     * socket: judged by the NTSTATUS the system left in the OVERLAPPED instead.
     */
    abstract Failure outcomeAfterClose(long bytes);

    WinsockSocket socket() {
        return socket;
    }

    Payload payload() {
        return payload;
    }

    Pointer overlapped() {
        return block;
    }

    long overlappedAddress() {
        return Pointer.nativeValue(block);
    }

    Pointer buffers() {
        return block.share(BUFFERS);
    }

    int count() {
        return count;
    }

    Pointer flags() {
        return block.share(FLAGS);
    }

    /** The NTSTATUS the system left in OVERLAPPED.Internal (its low 32 bits): 0 when the call succeeded. */
    int status() {
        return block.getInt(0);
    }

    IoCompletion completion() {
        return completion;
    }

    /** The caller was told the outcome when the call returned, so the packet only frees the block. */
    void markReportedAtOnce() {
        reportedAtOnce = true;
    }

    boolean reportedAtOnce() {
        return reportedAtOnce;
    }

    void free() {
        block.close();
    }
}
