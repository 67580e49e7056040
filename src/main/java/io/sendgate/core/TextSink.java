package io.sendgate.core;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Text of one buffer, encoded in its charset as it arrives, through the send's {@link ByteWindow}. The charset
 * must be one that can encode: the JSON reader refuses one that only decodes (such as ISO-2022-CN) where it is named.
 */
public final class TextSink {
    private final ByteWindow out;
    private final CharsetEncoder encoder;

    public TextSink(ByteWindow out, Charset charset) {
        this.out = out;
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    public void append(CharBuffer chars) {
        encode(chars, false);
    }

    public void finish() {
        encode(CharBuffer.allocate(0), true);
        CoderResult r;
        do {
            ByteBuffer free = out.free();
            r = encoder.flush(free);
            took(free, r);
        } while (r.isOverflow());
        out.flush();
    }

    private void encode(CharBuffer chars, boolean endOfInput) {
        CoderResult r;
        do {
            ByteBuffer free = out.free();
            r = encoder.encode(chars, free, endOfInput);
            took(free, r);
        } while (r.isOverflow());
    }

    private void took(ByteBuffer free, CoderResult r) {
        if (r.isError()) {
            throw new WsaException(WsaError.WSAEFAULT, "The text has a character that "
                    + encoder.charset().name() + " cannot encode");
        }
        out.took(free, r.isOverflow());
    }
}
