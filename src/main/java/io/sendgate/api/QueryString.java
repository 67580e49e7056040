package io.sendgate.api;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict reading of a raw query string ({@code a=1&b=%C3%A9+x}): names and values percent-decoded as
 * UTF-8, {@code +} as a space. Unlike the container's lenient parser, a malformed escape ({@code %zz},
 * {@code %4}, bytes that are not UTF-8) is an error that names where it is, not a parameter silently
 * dropped or an exception deep inside a controller (C40).
 */
public final class QueryString {
    private static final String ATTRIBUTE = QueryString.class.getName();

    private QueryString() {
    }

    public record Param(String name, String value) {
    }

    /** A malformed escape; {@code position} counts characters of the query string from 1. */
    public static final class MalformedException extends IllegalArgumentException {
        private final int position;
        private final boolean notUtf8;

        MalformedException(int position, boolean notUtf8) {
            super("The query string has a malformed percent-escape at position " + position + reason(notUtf8));
            this.position = position;
            this.notUtf8 = notUtf8;
        }

        public int position() {
            return position;
        }

        /** " (the bytes it encodes are not UTF-8)" when the escape is well-formed but its bytes are not text. */
        public String reason() {
            return reason(notUtf8);
        }

        private static String reason(boolean notUtf8) {
            return notUtf8 ? " (the bytes it encodes are not UTF-8)" : "";
        }
    }

    /**
     * This request's query parameters, read once: the edge filter reads them first (and refuses a malformed
     * query), the check of unknown names reuses what it read, on every dispatch of the request.
     *
     * @throws MalformedException when the query string has a malformed escape
     */
    @SuppressWarnings("unchecked")
    public static List<Param> of(HttpServletRequest request) {
        Object read = request.getAttribute(ATTRIBUTE);
        if (read instanceof List<?> params) {
            return (List<Param>) params;
        }
        List<Param> params = List.copyOf(parse(request.getQueryString()));
        request.setAttribute(ATTRIBUTE, params);
        return params;
    }

    /** Every name=value pair in order; a pair without '=' has the value "" and empty pairs are skipped. */
    public static List<Param> parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    params.add(new Param(decode(rawQuery, start, end), ""));
                } else {
                    params.add(new Param(decode(rawQuery, start, eq), decode(rawQuery, eq + 1, end)));
                }
            }
            start = end + 1;
        }
        return params;
    }

    /** Decodes {@code raw[from, to)}; the positions in errors are those of the whole query string. */
    static String decode(String raw, int from, int to) {
        String plain = raw.substring(from, to);
        if (plain.indexOf('%') < 0) {
            // nearly every query: nothing to decode but the spaces
            return plain.replace('+', ' ');
        }
        byte[] bytes = new byte[(to - from) * 4];
        int[] escapeAt = new int[bytes.length]; // for each byte, where its text began, to report bad UTF-8
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new MalformedException(i + 1, false);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedException(i + 1, false);
                }
                escapeAt[n] = i;
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                escapeAt[n] = i;
                bytes[n++] = ' ';
            } else {
                int codePoint = raw.codePointAt(i);
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    escapeAt[n] = i;
                    bytes[n++] = b;
                }
                i += Character.charCount(codePoint) - 1;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, n);
        CharBuffer out = CharBuffer.allocate(n);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new MalformedException(escapeAt[in.position()] + 1, true);
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
