package io.sendgate.core;

import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.Payload;

/** A send of one byte that holds no native memory, for core tests whose driver never reads it. */
final class OneBytePayload implements Payload {
    boolean closed;

    @Override
    public NativeMemory memory() {
        return null;
    }

    @Override
    public long[] bufferLengths() {
        return new long[] {1};
    }

    @Override
    public long totalBytes() {
        return 1;
    }

    @Override
    public void close() {
        closed = true;
    }
}
