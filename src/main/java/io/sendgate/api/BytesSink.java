package io.sendgate.api;

import io.sendgate.core.ByteWindow;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.nio.CharBuffer;

/**
 * A value whose chars decode to bytes (base64, hex): the bytes gather in the send's window, so only the window
 * is in the heap. One instance serves every buffer of a send, restarted for each.
 */
abstract class BytesSink implements ValueSink {
    private final ByteWindow out;
    private final String field;
    private int index;
    /** Chars of the value before the current window, so a message can say where in the value it went wrong. */
    private long before;

    BytesSink(ByteWindow out, String field) {
        this.out = out;
        this.field = field;
    }

    /** Begins the value of {@code buffers[index]}; the builder's buffer was started by the caller. */
    final ValueSink start(int index) {
        this.index = index;
        this.before = 0;
        restart();
        return this;
    }

    abstract void restart();

    /** Decodes {@code chars[from, to)}; {@code from} is where the window began, for positions. */
    abstract void decode(char[] chars, int from, int to);

    /** Writes what the value's last chars make, or refuses an incomplete value. */
    abstract void finish();

    @Override
    public final void accept(CharBuffer window) {
        int from = window.arrayOffset() + window.position();
        int to = window.arrayOffset() + window.limit();
        decode(window.array(), from, to);
        before += to - from;
        window.position(window.limit());
    }

    @Override
    public final void end() {
        finish();
        out.flush();
    }

    final void put(int b) {
        out.put(b);
    }

    /** The character at {@code chars[i]}, for a message: what it is and where it stands in the value. */
    final String charAt(char[] chars, int from, int i) {
        return JsonScanner.show(chars[i]) + " at character " + (before + i - from + 1) + " of the value";
    }

    /** The field names its encoding too: buffers[3].hex is not valid hex. */
    final WsaException invalid(String detail) {
        return new WsaException(WsaError.WSAEFAULT,
                "buffers[" + index + "]." + field + " is not valid " + field + ": " + detail);
    }

    /** The whitespace that may break up an encoded value (as in a MIME or hexdump layout). */
    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0x0B;
    }
}
