package io.sendgate.api;

import io.sendgate.core.ByteWindow;

import java.util.Arrays;

/** A hex value, two digits a byte, either case; whitespace and ':' may separate them (hexdump layouts). */
final class HexSink extends BytesSink {
    private static final byte INVALID = -1;
    private static final byte SEPARATOR = -2;
    /** A table rather than comparisons: hex values run to tens of MiB. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, INVALID);
        for (int i = 0; i < 16; i++) {
            VALUES["0123456789abcdef".charAt(i)] = (byte) i;
            VALUES["0123456789ABCDEF".charAt(i)] = (byte) i;
        }
        for (char c = 0; c < 128; c++) {
            if (isWhitespace(c) || c == ':') {
                VALUES[c] = SEPARATOR;
            }
        }
    }

    private int high;
    private long digits;

    HexSink(ByteWindow out) {
        super(out, "hex");
    }

    /** The value of a hex digit, or -1 for anything else (-1, the end of input, included). */
    static int digit(int c) {
        return c >= 0 && c < 128 && VALUES[c] >= 0 ? VALUES[c] : -1;
    }

    @Override
    void restart() {
        high = -1;
        digits = 0;
    }

    @Override
    void decode(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = chars[i];
            int d = c < 128 ? VALUES[c] : INVALID;
            if (d >= 0) {
                digits++;
                if (high < 0) {
                    high = d;
                } else {
                    put(high << 4 | d);
                    high = -1;
                }
            } else if (d != SEPARATOR) {
                throw invalid(charAt(chars, from, i) + " is not a hex digit");
            }
        }
    }

    @Override
    void finish() {
        if (high >= 0) {
            throw invalid("it has an odd number (" + digits + ") of hex digits, and a byte takes two");
        }
    }
}
