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

    /** Copies {@code length} bytes at {@code offset} into another block of the same driver, not through the heap. */
    void copyTo(long offset, NativeMemory target, long targetOffset, long length);

    @Override
    void close();
}
