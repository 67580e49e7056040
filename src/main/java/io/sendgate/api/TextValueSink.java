package io.sendgate.api;

import io.sendgate.core.PayloadBuilder;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A text value, encoded in its buffer's charset as it streams. UTF-8, the default and the charset of
 * text whose charset member comes after it, is encoded here into a window of its own: the scanner's
 * chars are well-formed UTF-16, so it needs no encoder, and a tiny send allocates nothing for it.
 * Any other charset goes through {@link PayloadBuilder.TextSink}, which refuses what it cannot encode.
 */
final class TextValueSink implements ValueSink {
    private static final int FIRST_WINDOW = 256;
    private static final int MOST_WINDOW = 16 * 1024;

    private final PayloadBuilder builder;
    /** Small at first for tiny sends; doubles each time it fills, for large ones. */
    private byte[] out = new byte[FIRST_WINDOW];
    private int n;
    private int index;
    private PayloadBuilder.TextSink encoder;

    TextValueSink(PayloadBuilder builder) {
        this.builder = builder;
    }

    /** Begins the text of {@code buffers[index]}; {@code charset} null means UTF-8. */
    ValueSink start(int index, Charset charset) {
        this.index = index;
        this.n = 0;
        this.encoder = charset == null || charset.equals(StandardCharsets.UTF_8) ? null
                : new PayloadBuilder.TextSink(builder, charset);
        return this;
    }

    @Override
    public void accept(CharBuffer window) {
        if (encoder == null) {
            utf8(window);
            return;
        }
        try {
            encoder.append(window);
        } catch (WsaException e) {
            throw at("buffers[" + index + "].text", e);
        }
    }

    @Override
    public void end() {
        if (encoder == null) {
            flush();
            return;
        }
        try {
            encoder.finish();
        } catch (WsaException e) {
            throw at("buffers[" + index + "].text", e);
        }
    }

    /** A text failure (WSAEFAULT) told with the path of the value; limits (WSAENOBUFS) stay as they are. */
    static WsaException at(String path, WsaException e) {
        return e.error() == WsaError.WSAEFAULT ? new WsaException(e.error(), path + ": " + e.getMessage()) : e;
    }

    private void utf8(CharBuffer window) {
        char[] chars = window.array();
        int to = window.arrayOffset() + window.limit();
        for (int i = window.arrayOffset() + window.position(); i < to; i++) {
            if (n > out.length - 4) {
                flush();
                if (out.length < MOST_WINDOW) {
                    out = new byte[out.length * 2];
                }
            }
            char c = chars[i];
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)) {
                // The scanner hands over whole pairs only, both halves in one window.
                int cp = Character.toCodePoint(c, chars[++i]);
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        window.position(window.limit());
    }

    private void flush() {
        if (n > 0) {
            builder.write(out, 0, n);
            n = 0;
        }
    }
}
