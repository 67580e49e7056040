package io.sendgate.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an expect waits for in the captured bytes (C44): exact bytes (given as text, hex or base64), or a
 * regular expression run over the bytes as Latin-1 characters, one per byte, so that every offset it
 * reports is a byte offset and ASCII patterns match as written.
 */
public abstract sealed class CapturePattern {
    /** How many characters a regular expression may look at per search: a pattern that backtracks without end stops there. */
    static final long REGEX_STEPS = 50_000_000L;
    static final int MAX_PATTERN_BYTES = 4096;

    /** Where it first occurs at or after {@code from}: {start, end}, or null. */
    abstract long[] find(CaptureWindow window, long from);

    public static CapturePattern bytes(byte[] needle) {
        if (needle.length == 0 || needle.length > MAX_PATTERN_BYTES) {
            throw new WsaException(WsaError.WSAEINVAL, "A pattern has 1.." + MAX_PATTERN_BYTES + " bytes, not " + needle.length);
        }
        return new Exact(needle);
    }

    public static CapturePattern regex(String expression) {
        if (expression.isEmpty() || expression.length() > MAX_PATTERN_BYTES) {
            throw new WsaException(WsaError.WSAEINVAL, "A regular expression has 1.." + MAX_PATTERN_BYTES + " characters");
        }
        try {
            return new Regex(Pattern.compile(expression));
        } catch (PatternSyntaxException e) {
            throw new WsaException(WsaError.WSAEINVAL, "Not a regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    private static final class Exact extends CapturePattern {
        private final byte[] needle;

        Exact(byte[] needle) {
            this.needle = needle;
        }

        @Override
        long[] find(CaptureWindow window, long from) {
            long at = window.indexOf(needle, from);
            return at < 0 ? null : new long[] {at, at + needle.length};
        }
    }

    private static final class Regex extends CapturePattern {
        private final Pattern pattern;

        Regex(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        long[] find(CaptureWindow window, long from) {
            Matcher m = pattern.matcher(new Bounded(window.chars(from)));
            try {
                if (!m.find()) {
                    return null;
                }
            } catch (StackOverflowError e) {
                // Java's matcher recurses once per repetition of a group: over a long capture such a pattern
                // runs out of stack, which says nothing of the service, only of the pattern.
                throw new WsaException(WsaError.WSAEINVAL, "The regular expression recursed too deeply over "
                        + (window.end() - from) + " captured bytes; it backtracks too much: use a simpler one");
            }
            // an empty match says nothing arrived that it waits for
            return m.end() == m.start() ? null : new long[] {from + m.start(), from + m.end()};
        }
    }

    /** Characters that refuse to be read past a budget: a catastrophic pattern fails instead of freezing a thread. */
    private static final class Bounded implements CharSequence {
        private final CharSequence chars;
        private long steps;

        Bounded(CharSequence chars) {
            this.chars = chars;
        }

        @Override
        public char charAt(int index) {
            if (++steps > REGEX_STEPS) {
                throw new WsaException(WsaError.WSAEINVAL, "The regular expression took more than " + REGEX_STEPS
                        + " steps over the captured bytes; simplify it (it backtracks too much)");
            }
            return chars.charAt(index);
        }

        @Override
        public int length() {
            return chars.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Bounded(chars.subSequence(start, end));
        }

        @Override
        public String toString() {
            return chars.toString();
        }
    }
}
