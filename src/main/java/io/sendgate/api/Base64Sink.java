package io.sendgate.api;

import io.sendgate.core.ByteWindow;

import java.util.Arrays;

/**
 * A base64 value (RFC 4648, standard alphabet) decoded four chars to three bytes as it streams.
 * Whitespace anywhere is ignored; at most two '=' may end it, and only where they complete a group.
 */
final class Base64Sink extends BytesSink {
    private static final byte INVALID = -1;
    private static final byte WHITESPACE = -2;
    private static final byte PAD = -3;
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        for (char c = 0; c < 128; c++) {
            if (isWhitespace(c)) {
                VALUES[c] = WHITESPACE;
            }
        }
        VALUES['='] = PAD;
    }

    private int bits;
    /** Data chars of the group of four not yet complete. */
    private int pending;
    private long data;
    private int padding;

    Base64Sink(ByteWindow out) {
        super(out, "base64");
    }

    @Override
    void restart() {
        bits = 0;
        pending = 0;
        data = 0;
        padding = 0;
    }

    @Override
    void decode(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = chars[i];
            int v = c < 128 ? VALUES[c] : INVALID;
            if (v >= 0) {
                if (padding > 0) {
                    throw invalid("'=' may only end the value, and " + charAt(chars, from, i) + " follows it");
                }
                bits = bits << 6 | v;
                data++;
                if (++pending == 4) {
                    put(bits >> 16);
                    put(bits >> 8);
                    put(bits);
                    bits = 0;
                    pending = 0;
                }
            } else if (v == PAD) {
                if (++padding > 2) {
                    throw invalid("a value ends with at most two '=', and " + charAt(chars, from, i) + " is a third");
                }
            } else if (v != WHITESPACE) {
                throw invalid(charAt(chars, from, i) + " is not a base64 character (A-Z, a-z, 0-9, + and /)");
            }
        }
    }

    @Override
    void finish() {
        // pending is the count of data chars modulo 4; '=' may only fill out the last group of four.
        boolean whole = padding == 0 ? pending != 1 : padding == 1 ? pending == 3 : pending == 2;
        if (!whole) {
            throw invalid(data + " data characters and " + padding
                    + " '=' do not make whole bytes (base64 comes in groups of four characters, the last one"
                    + " possibly cut short or padded with '=')");
        }
        if (pending == 2) {
            put(bits >> 4);
        } else if (pending == 3) {
            put(bits >> 10);
            put(bits >> 2);
        }
    }
}
