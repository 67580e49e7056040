package io.sendgate.core.port;

/**
 * A block of native memory that holds a send's buffers while the operation lives (the WSABUF data of
 * the reference: the system owns it until completion). Closing it frees the memory; the owner closes
 * it exactly once, when the operation ends.
 */
public interface NativeMemory extends AutoCloseable {
    long size();

    void write(long offset, byte[] source, int sourceOffset, int length);

    void read(long offset, byte[] target, int targetOffset, int length);

    /**
     * A view of {@code length} bytes at {@code offset}, to send that part alone (a streamed send's chunk, while the
     * rest of the block still fills). It holds no memory of its own: closing it frees nothing, and it is valid only
     * while this block is.
     */
    NativeMemory slice(long offset, long length);

    /**
     * A direct buffer over {@code length} bytes at {@code offset}, valid only while this block is open: a body read
     * straight into it skips a copy through the heap (a streamed send's body).
     */
    java.nio.ByteBuffer buffer(long offset, int length);

    /** Copies {@code length} bytes at {@code offset} into another block of the same driver, not through the heap. */
    void copyTo(long offset, NativeMemory target, long targetOffset, long length);

    @Override
    void close();
}
