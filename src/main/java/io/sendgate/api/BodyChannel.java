package io.sendgate.api;

import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A request's body as a channel, for the core, which knows no servlet: each read is the container's copy of what
 * it read into the caller's buffer (a streamed send's native block), with no byte array between them, as
 * {@link java.nio.channels.Channels#newChannel(java.io.InputStream)} would put.
 */
final class BodyChannel implements ReadableByteChannel {
    private final ServletInputStream in;

    private BodyChannel(ServletInputStream in) {
        this.in = in;
    }

    static ReadableByteChannel of(ServletInputStream in) {
        return new BodyChannel(in);
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        return in.read(target);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // the container closes the request's stream
    }
}
