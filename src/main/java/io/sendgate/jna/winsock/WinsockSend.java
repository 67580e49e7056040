package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.sendgate.jna.NativeBlock;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.IoCompletion;

/**
 * One WSASend's native state: its WSAOVERLAPPED followed by its WSABUF array, in one block the driver
 * owns until the completion packet for it has been dequeued (also after closesocket, also when WSASend
 * returned 0: the packet is queued all the same and the system writes the OVERLAPPED when it posts it).
 * The data itself is the operation's payload.
 */
final class WinsockSend {
    private final WinsockSocket socket;
    /** Held so that the payload's memory stays reachable (JNA frees unreachable memory) while Winsock owns it. */
    private final Payload payload;
    private final Memory block;
    private final int count;
    private final long total;
    private final IoCompletion completion;
    private boolean reportedAtOnce;

    WinsockSend(WinsockSocket socket, Payload payload, IoCompletion completion) {
        this.socket = socket;
        this.payload = payload;
        this.completion = completion;
        long[] lengths = payload.bufferLengths();
        this.count = lengths.length;
        this.total = payload.totalBytes();
        this.block = new Memory(WsaOverlapped.SIZE + (long) Math.max(1, count) * WsaBuf.SIZE);
        block.clear();
        Pointer data = ((NativeBlock) payload.memory()).pointer();
        long offset = 0;
        for (int i = 0; i < count; i++) {
            long at = WsaOverlapped.SIZE + (long) i * WsaBuf.SIZE;
            block.setInt(at + WsaBuf.LEN, (int) lengths[i]);
            block.setPointer(at + WsaBuf.BUF, data.share(offset));
            offset += lengths[i];
        }
    }

    WinsockSocket socket() {
        return socket;
    }

    Pointer overlapped() {
        return block;
    }

    long overlappedAddress() {
        return Pointer.nativeValue(block);
    }

    Pointer buffers() {
        return block.share(WsaOverlapped.SIZE);
    }

    int count() {
        return count;
    }

    long total() {
        return total;
    }

    /** The NTSTATUS the system left in OVERLAPPED.Internal: 0 when the send succeeded. */
    long status() {
        return block.getLong(0);
    }

    IoCompletion completion() {
        return completion;
    }

    /** WSASend returned 0: the core was told at once, so the packet only frees the block. */
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
