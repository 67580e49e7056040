package io.sendgate.core;

import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.Payload;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One send's buffers written into native memory as their bytes arrive, whatever the body (JSON, octet-stream,
 * multipart), within the limits on buffers and bytes per send (C6, C34), which are checked here and nowhere else.
 * The heap holds only the caller's window: the block is sized by the body's length when there is one and grows
 * by doubling, and every growth is reserved from the service's budget before it is held (C39). What is built is
 * one contiguous block (C8), the buffers one after the other.
 */
public final class PayloadBuilder implements AutoCloseable {
    private static final int WINDOW = 64 * 1024;
    private static final long SMALLEST = 64;

    private final NativeSockets natives;
    private final ByteBudget budget;
    private final Limits limits;
    private NativeMemory block;
    private long capacity;
    private long size;
    private long[] lengths = new long[4];
    private int count;
    private long lastStart;
    private boolean handedOver;

    /**
     * A builder for a body of exactly {@code length} bytes (a raw body with a declared length): a length the send
     * may not carry is refused before anything is held.
     */
    static PayloadBuilder exactly(NativeSockets natives, ByteBudget budget, Limits limits, long length) {
        refuseOver(limits, length);
        return new PayloadBuilder(natives, budget, limits, length);
    }

    /** @param sizeHint the bytes expected in all, such as a body's length; 0 when unknown */
    PayloadBuilder(NativeSockets natives, ByteBudget budget, Limits limits, long sizeHint) {
        this.natives = natives;
        this.budget = budget;
        this.limits = limits;
        this.capacity = Math.min(Math.max(SMALLEST, sizeHint), Math.max(SMALLEST, limits.maxBytesPerSend()));
        this.block = PayloadFactory.reserve(natives, budget, capacity);
    }

    /** Begins the next buffer (WSABUF); what is written goes into it until the next one begins. */
    public void startBuffer() {
        if (count == limits.maxBuffersPerSend()) {
            throw new WsaException(WsaError.WSAEINVAL, "A send carries at most " + limits.maxBuffersPerSend()
                    + " buffers (sendgate.limits.max-buffers-per-send)");
        }
        if (count == lengths.length) {
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        lengths[count++] = 0;
        lastStart = size;
    }

    public int bufferCount() {
        return count;
    }

    /** Bytes in the send so far, every buffer included. */
    public long size() {
        return size;
    }

    public void write(byte[] source, int offset, int length) {
        if (count == 0) {
            throw new IllegalStateException("startBuffer() first");
        }
        refuseOver(limits, size + length);
        ensure(size + length);
        block.write(size, source, offset, length);
        size += length;
        lengths[count - 1] += length;
    }

    /**
     * Re-encodes the last buffer, written as UTF-8 text, in {@code charset}: for a JSON buffer whose
     * {@code charset} came after its {@code text}. The text moves through native memory, never whole
     * through the heap.
     */
    public void transcodeLastBuffer(Charset charset) {
        if (count == 0 || charset.equals(StandardCharsets.UTF_8)) {
            return;
        }
        long start = lastStart;
        long length = size - start;
        NativeMemory utf8 = PayloadFactory.reserve(natives, budget, length);
        try {
            block.copyTo(start, utf8, 0, length);
            size = start;
            lengths[count - 1] = 0;
            TextSink sink = new TextSink(new ByteWindow(this), charset);
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            int window = (int) Math.min(WINDOW, Math.max(1, length));
            ByteBuffer in = ByteBuffer.allocate(window);
            CharBuffer chars = CharBuffer.allocate(window);
            long done = 0;
            boolean last;
            do {
                int n = (int) Math.min(in.remaining(), length - done);
                utf8.read(done, in.array(), in.position(), n);
                in.position(in.position() + n);
                done += n;
                last = done == length;
                in.flip();
                CoderResult r;
                do {
                    r = decoder.decode(in, chars, last);
                    if (r.isError()) {
                        r.throwException();
                    }
                    chars.flip();
                    sink.append(chars);
                    chars.clear();
                } while (r.isOverflow());
                in.compact();
            } while (!last);
            CoderResult r;
            do {
                r = decoder.flush(chars);
                chars.flip();
                sink.append(chars);
                chars.clear();
            } while (r.isOverflow());
            sink.finish();
        } catch (CharacterCodingException e) {
            throw new WsaException(WsaError.WSAEFAULT, "The text is not valid UTF-8");
        } finally {
            utf8.close();
            budget.release(length);
        }
    }

    /** Hands the buffers over as a payload; the builder then holds nothing. */
    public Payload build() {
        if (count == 0) {
            throw new WsaException(WsaError.WSAEFAULT, "A send carries at least one buffer");
        }
        trim();
        handedOver = true;
        return PayloadFactory.captured(block, Arrays.copyOf(lengths, count), size, capacity, budget);
    }

    /**
     * The block grew by doubling, or from a body's length (base64 is a third longer than its bytes): when
     * that left much of it empty, the bytes move to a block of their size, if the budget allows, so a send
     * holds what it carries while it waits to go out.
     */
    private void trim() {
        if (capacity - size < 4096 || capacity - size < capacity / 8) {
            return;
        }
        long exact = Math.max(1, size);
        NativeMemory smaller;
        try {
            smaller = PayloadFactory.reserve(natives, budget, exact);
        } catch (WsaException noRoom) {
            return;
        }
        moveTo(smaller, exact);
    }

    @Override
    public void close() {
        if (!handedOver) {
            handedOver = true;
            block.close();
            budget.release(capacity);
        }
    }

    static void refuseOver(Limits limits, long bytes) {
        if (bytes > limits.maxBytesPerSend()) {
            throw overLimit(limits);
        }
    }

    /** What a send past sendgate.limits.max-bytes-per-send is refused (or, streamed, fails) with. */
    static WsaException overLimit(Limits limits) {
        return new WsaException(WsaError.WSAENOBUFS, "A send carries at most " + limits.maxBytesPerSend()
                + " bytes (sendgate.limits.max-bytes-per-send)");
    }

    private void ensure(long needed) {
        if (needed <= capacity) {
            return;
        }
        long grown = Math.min(Math.max(needed, capacity * 2), Math.max(needed, limits.maxBytesPerSend()));
        moveTo(PayloadFactory.reserve(natives, budget, grown), grown);
    }

    /** Copies what was written into {@code target} (reserved already) and frees the old block. */
    private void moveTo(NativeMemory target, long targetCapacity) {
        block.copyTo(0, target, 0, size);
        block.close();
        budget.release(capacity);
        block = target;
        capacity = targetCapacity;
    }
}
