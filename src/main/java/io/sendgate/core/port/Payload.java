package io.sendgate.core.port;

/**
 * A send's buffers, captured at submission (C8): one contiguous native block and the length of each
 * WSABUF in order. Buffer {@code i} starts where buffer {@code i-1} ends.
 */
public interface Payload extends AutoCloseable {
    NativeMemory memory();

    /** The length of each buffer, in WSABUF order; zero-length buffers are allowed (C6). */
    long[] bufferLengths();

    long totalBytes();

    default int bufferCount() {
        return bufferLengths().length;
    }

    /** Frees the native memory and gives its bytes back to the service's budget; idempotent. */
    @Override
    void close();
}
