package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The tokens of a strict UTF-8 JSON body (RFC 8259), read through one byte window: string values stream
 * into a {@link ValueSink} a char window at a time, so the heap holds no value whole, however long.
 * It knows JSON, not what a send looks like: the caller walks the structure, so nothing here recurses.
 * Every error is WSAEFAULT and says where, in lines and columns of characters.
 */
final class JsonScanner {
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL, END, OTHER }

    /*
     * Windows start small, since tiny bodies are the hot path and zeroing a large array costs more than
     * parsing them, and double whenever one fills, up to a size where a large body costs few reads.
     */
    private static final int FIRST_BYTES = 1024;
    private static final int MOST_BYTES = 64 * 1024;
    private static final int FIRST_CHARS = 512;
    private static final int MOST_CHARS = 16 * 1024;
    private static final int[] BOM_REST = {0xBB, 0xBF};
    private static final int[] LOW_ESCAPE = {'\\', 'u'};

    private final InputStream in;
    private byte[] bytes = new byte[FIRST_BYTES];
    private int pos;
    private int lim;
    private boolean eof;
    /** Bytes of the body before {@code bytes[0]}. */
    private long before;
    private final TextPosition position = new TextPosition();

    private char[] chars = new char[FIRST_CHARS];
    private CharBuffer window = CharBuffer.wrap(chars);
    private int count;

    JsonScanner(InputStream in) {
        this.in = in;
    }

    /** RFC 8259 lets a parser ignore a leading byte order mark; editors on Windows like to write one. */
    void skipByteOrderMark() {
        if (current() != 0xEF) {
            return;
        }
        pos++;
        for (int expected : BOM_REST) {
            if (current() != expected) {
                throw notUtf8("the body starts with a broken byte order mark");
            }
            pos++;
        }
        position.lineStartsAt(before + pos);
    }

    /** Skips whitespace; then the kind of what comes next, not consumed. */
    Kind peekKind() {
        int b = peek();
        switch (b) {
            case '{': return Kind.OBJECT;
            case '[': return Kind.ARRAY;
            case '"': return Kind.STRING;
            case 't': return Kind.TRUE;
            case 'f': return Kind.FALSE;
            case 'n': return Kind.NULL;
            case -1: return Kind.END;
            default: return b == '-' || b >= '0' && b <= '9' ? Kind.NUMBER : Kind.OTHER;
        }
    }

    /** Skips whitespace, then consumes {@code c} if it comes next. */
    boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Skips whitespace, then consumes {@code c}, or fails naming what was {@code expected} instead. */
    void expect(char c, String expected) {
        if (!consume(c)) {
            throw syntax("expected " + expected + ", found " + found());
        }
    }

    /** Nothing but whitespace may follow the one value of the body. */
    void expectEnd() {
        if (peek() != -1) {
            throw syntax("expected nothing more after the JSON object, found " + found());
        }
    }

    /**
     * Names the value that comes next, for a message saying it has the wrong type. A number or literal
     * is read through first, so a malformed one is reported as the syntax error it is.
     */
    String describeValue() {
        switch (peekKind()) {
            case OBJECT: return "an object";
            case ARRAY: return "an array";
            case STRING: return "a string";
            case NUMBER:
                skipNumber();
                return "a number";
            case TRUE:
            case FALSE:
            case NULL:
                return String.valueOf(readLiteral());
            default:
                throw syntax("expected a value, found " + found());
        }
    }

    /** Reads true, false or null (the next value must be one of them; null gives null). */
    Boolean readLiteral() {
        switch (peek()) {
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            default:
                literal("null");
                return null;
        }
    }

    /** Reads a member name and the ':' after it; null when longer than {@code max} chars, as below. */
    String readName(int max) {
        if (peek() != '"') {
            throw syntax("expected a field name in double quotes, found " + found());
        }
        String name = readShortString(max);
        if (name != null) {
            expect(':', "':' after the field name");
        }
        return name;
    }

    /**
     * Reads a string (the next value must be one) of at most {@code max} chars (less than the first
     * window holds), for names and flags.
     *
     * @return the string, or null when it is longer; then the scanner stops inside it and the caller refuses it
     */
    String readShortString(int max) {
        openString();
        count = 0;
        boolean ended = decodeChunk();
        return ended && count <= max ? new String(chars, 0, count) : null;
    }

    /** Streams a string (the next value must be one) into {@code sink}, a window at a time; not its end. */
    void readString(ValueSink sink) {
        openString();
        count = 0;
        boolean ended;
        do {
            ended = decodeChunk();
            window.limit(count).position(0);
            sink.accept(window);
            count = 0;
            if (!ended && chars.length < MOST_CHARS) {
                chars = new char[chars.length * 2];
                window = CharBuffer.wrap(chars);
            }
        } while (!ended);
    }

    /** Where the scanner is, for a message: the line and the column in characters, both from 1. */
    String where() {
        return position.at(before + pos);
    }

    WsaException syntax(String detail) {
        return new WsaException(WsaError.WSAEFAULT, "The body is not valid JSON at " + where() + ": " + detail);
    }

    /** A character for a message: itself when it is printable ASCII, else its code point. */
    static String show(int c) {
        return c > 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("U+%04X", c);
    }

    private WsaException notUtf8(String detail) {
        return new WsaException(WsaError.WSAEFAULT, JsonBodyErrors.notUtf8(where(), detail));
    }

    /** What is at the cursor, for a message; a whole non-ASCII character when it can (a typographic quote, say). */
    private String found() {
        int b = current();
        if (b < 0) {
            return "the end of the body";
        }
        if (b < 0x80) {
            return show(b);
        }
        int length = 1 + Utf8.continuations(b);
        if (length > 1 && pos + length <= lim) {
            String c = new String(bytes, pos, length, StandardCharsets.UTF_8);
            int cp = c.codePointAt(0);
            if (Character.charCount(cp) == c.length() && cp != 0xFFFD) {
                return "'" + c + "' (" + String.format("U+%04X", cp) + ")";
            }
        }
        return String.format("byte 0x%02X", b);
    }

    private int peek() {
        while (true) {
            if (pos == lim && !fill()) {
                return -1;
            }
            byte b = bytes[pos];
            if (b == ' ' || b == '\t' || b == '\r') {
                pos++;
            } else if (b == '\n') {
                pos++;
                position.newLine(before + pos);
            } else {
                return b & 0xFF;
            }
        }
    }

    /** The next byte, not consumed, without skipping anything; -1 at the end of the body. */
    private int current() {
        return pos < lim || fill() ? bytes[pos] & 0xFF : -1;
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        if (lim == bytes.length && bytes.length < MOST_BYTES) {
            bytes = new byte[bytes.length * 2];
        }
        before += lim;
        pos = 0;
        lim = 0;
        try {
            int n;
            do {
                n = in.read(bytes, 0, bytes.length);
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return false;
            }
            lim = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (current() != word.charAt(i)) {
                throw syntax("expected " + word + ", found " + found());
            }
            pos++;
        }
    }

    /**
     * Reads the number that comes next (the next value must be one): its value when it is a whole number of at
     * most 18 digits, written without fraction or exponent; null otherwise (it is read through all the same).
     */
    Long readWholeNumber() {
        boolean negative = current() == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        if (current() == '0') {
            pos++;
            digits = 1;
        } else {
            if (!isDigit(current())) {
                throw syntax("expected a digit, found " + found());
            }
            while (isDigit(current())) {
                if (digits < 18) {
                    value = value * 10 + (current() - '0');
                }
                digits++;
                pos++;
            }
        }
        boolean whole = digits <= 18;
        if (current() == '.') {
            pos++;
            digits();
            whole = false;
        }
        if (current() == 'e' || current() == 'E') {
            pos++;
            if (current() == '+' || current() == '-') {
                pos++;
            }
            digits();
            whole = false;
        }
        return whole ? (negative ? -value : value) : null;
    }

    private void skipNumber() {
        if (current() == '-') {
            pos++;
        }
        if (current() == '0') {
            pos++;
        } else {
            digits();
        }
        if (current() == '.') {
            pos++;
            digits();
        }
        if (current() == 'e' || current() == 'E') {
            pos++;
            if (current() == '+' || current() == '-') {
                pos++;
            }
            digits();
        }
    }

    private void digits() {
        if (!isDigit(current())) {
            throw syntax("expected a digit, found " + found());
        }
        while (isDigit(current())) {
            pos++;
        }
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private void openString() {
        if (peek() != '"') {
            throw syntax("expected a string, found " + found());
        }
        pos++;
    }

    /**
     * Decodes the open string into the char window until the window is full or the string ends.
     * The window always keeps room for two chars, so a surrogate pair never splits across windows.
     *
     * @return true when the closing quote was read
     */
    private boolean decodeChunk() {
        char[] out = chars;
        int room = out.length - 1;
        int n = count;
        while (n < room) {
            if (pos == lim && !fill()) {
                throw syntax("the body ends inside a string");
            }
            // The common case, a run of plain ASCII, in a tight loop; a negative byte is non-ASCII.
            byte[] in = bytes;
            int p = pos;
            int end = Math.min(lim, p + room - n);
            byte b = 0;
            while (p < end && (b = in[p]) >= 0x20 && b != '"' && b != '\\') {
                out[n++] = (char) b;
                p++;
            }
            pos = p;
            if (p == end) {
                continue;
            }
            if (b == '"') {
                pos++;
                count = n;
                return true;
            } else if (b == '\\') {
                pos++;
                n = escape(out, n);
            } else if (b >= 0) {
                throw syntax("a string may not hold the raw control character " + show(b)
                        + "; write it as an escape such as \\n or \\u" + String.format("%04x", (int) b));
            } else {
                n = multibyte(out, n);
            }
        }
        count = n;
        return false;
    }

    private int escape(char[] out, int n) {
        int e = byteInString();
        switch (e) {
            case '"': case '\\': case '/':
                out[n] = (char) e;
                return n + 1;
            case 'b': out[n] = '\b'; return n + 1;
            case 'f': out[n] = '\f'; return n + 1;
            case 'n': out[n] = '\n'; return n + 1;
            case 'r': out[n] = '\r'; return n + 1;
            case 't': out[n] = '\t'; return n + 1;
            case 'u':
                break;
            default:
                pos--;
                throw syntax("\\" + (e < 0x80 ? String.valueOf((char) e) : "") + " is not an escape;"
                        + " the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        }
        char c = hex4();
        if (Character.isLowSurrogate(c)) {
            throw syntax("\\u" + String.format("%04x", (int) c) + " is half of a surrogate pair without its first half");
        }
        out[n] = c;
        if (!Character.isHighSurrogate(c)) {
            return n + 1;
        }
        // The second half must follow at once: a lone surrogate is no character in any charset.
        for (int expected : LOW_ESCAPE) {
            if (current() != expected) {
                throw unpaired(c);
            }
            pos++;
        }
        char low = hex4();
        if (!Character.isLowSurrogate(low)) {
            throw unpaired(c);
        }
        out[n + 1] = low;
        return n + 2;
    }

    private WsaException unpaired(char high) {
        return syntax("\\u" + String.format("%04x", (int) high)
                + " begins a surrogate pair, and no \\uDC00-\\uDFFF follows it to complete it");
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int h = HexSink.digit(current());
            if (h < 0) {
                throw syntax("\\u takes four hex digits, found " + found());
            }
            pos++;
            v = v << 4 | h;
        }
        return (char) v;
    }

    /** A UTF-8 sequence of 2 to 4 bytes, strictly: no overlong forms, no surrogates, nothing past U+10FFFF. */
    private int multibyte(char[] out, int n) {
        int lead = bytes[pos] & 0xFF;
        int more = Utf8.continuations(lead);
        if (more == 0) {
            throw notUtf8(Utf8.cannotBegin(lead));
        }
        pos++;
        // the lead carries the code point's top 5, 4 or 3 bits, as it calls for 1, 2 or 3 continuation bytes
        int cp = (lead & (0x3F >> more)) << 6 | continuation(Utf8.firstLow(lead), Utf8.firstHigh(lead));
        for (int i = 1; i < more; i++) {
            cp = cp << 6 | continuation(Utf8.LOW, Utf8.HIGH);
        }
        if (more < 3) {
            out[n] = (char) cp;
            return n + 1;
        }
        out[n] = Character.highSurrogate(cp);
        out[n + 1] = Character.lowSurrogate(cp);
        return n + 2;
    }

    private int continuation(int lo, int hi) {
        int b = current();
        if (b < lo || b > hi) {
            throw b < 0 ? syntax("the body ends inside a string") : notUtf8(Utf8.doesNotContinue(b));
        }
        pos++;
        position.continuation();
        return b & 0x3F;
    }

    private int byteInString() {
        int b = current();
        if (b < 0) {
            throw syntax("the body ends inside a string");
        }
        pos++;
        return b;
    }
}
