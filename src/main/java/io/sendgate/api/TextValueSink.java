package io.sendgate.api;

import io.sendgate.core.ByteWindow;
import io.sendgate.core.TextSink;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A text value, encoded in its buffer's charset as it streams into the send's window. UTF-8, the default and the
 * charset of text whose charset member comes after it, is encoded here: the scanner's chars are well-formed
 * UTF-16, so it needs no encoder, and a tiny send allocates nothing for it. Any other charset goes through a
 * {@link TextSink}, which refuses what it cannot encode.
 */
final class TextValueSink implements ValueSink {
    private final ByteWindow out;
    private int index;
    private TextSink encoder;

    TextValueSink(ByteWindow out) {
        this.out = out;
    }

    /** Begins the text of {@code buffers[index]}; {@code charset} null means UTF-8. */
    ValueSink start(int index, Charset charset) {
        this.index = index;
        this.encoder = charset == null || charset.equals(StandardCharsets.UTF_8) ? null : new TextSink(out, charset);
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
            out.flush();
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
            char c = chars[i];
            if (c < 0x80) {
                out.put(c);
            } else if (c < 0x800) {
                out.put(0xC0 | c >> 6);
                out.put(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c)) {
                // The scanner hands over whole pairs only, both halves in one window.
                int cp = Character.toCodePoint(c, chars[++i]);
                out.put(0xF0 | cp >> 18);
                out.put(0x80 | cp >> 12 & 0x3F);
                out.put(0x80 | cp >> 6 & 0x3F);
                out.put(0x80 | cp & 0x3F);
            } else {
                out.put(0xE0 | c >> 12);
                out.put(0x80 | c >> 6 & 0x3F);
                out.put(0x80 | c & 0x3F);
            }
        }
        window.position(window.limit());
    }
}
