package io.sendgate.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What an expect waits for in the captured bytes (C44): exact bytes (given as text, hex or base64), or a
 * regular expression run over the bytes as Latin-1 characters, one per byte, so that every offset it
 * reports is a byte offset and ASCII patterns match as written.
 *
 * <p>Each instance is one waiter's search, looked for again each time bytes arrive, and it keeps what it
 * learnt (C38: the cost of a wait is bounded, not paid again on every byte a peer trickles). Exact bytes
 * are searched for once over each byte, in linear time (Knuth-Morris-Pratt), resuming where the last look
 * stopped. A regular expression must look at the whole window again each time; its looks share one budget
 * of steps, so a pattern that backtracks, or a peer that trickles a long stream under it, fails it with
 * WSAEINVAL instead of costing the service without end. Regular expressions are looked for on a thread of
 * their own ({@link #costly()}), never on the capture's.
 */
public abstract sealed class CapturePattern {
    /** How many characters one regular-expression wait may look at, over all its looks. */
    static final long REGEX_STEPS = 50_000_000L;
    static final int MAX_PATTERN_BYTES = 4096;

    /** Where it first occurs at or after {@code from} (or the view's base, when that is later): {start, end}, or null. */
    abstract long[] find(CaptureWindow.View view, long from);

    /** Whether a look may cost more than the bytes that arrived since the last one. */
    abstract boolean costly();

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
        /** For each prefix of the needle, the longest proper prefix that is also its suffix. */
        private final int[] fallback;
        /** The next offset to look at; -1 before the first look. */
        private long next = -1;
        /** How many of the needle's bytes the bytes just before {@link #next} match. */
        private int matched;

        Exact(byte[] needle) {
            this.needle = needle;
            this.fallback = new int[needle.length];
            for (int i = 1, k = 0; i < needle.length; i++) {
                while (k > 0 && needle[i] != needle[k]) {
                    k = fallback[k - 1];
                }
                if (needle[i] == needle[k]) {
                    k++;
                }
                fallback[i] = k;
            }
        }

        @Override
        boolean costly() {
            return false;
        }

        @Override
        long[] find(CaptureWindow.View view, long from) {
            long start = Math.max(from, view.base());
            if (next < 0 || next - matched < start) {
                // the first look, or another reader released bytes this one had matched: start again there
                next = start;
                matched = 0;
            }
            long end = view.end();
            for (long i = next; i < end; i++) {
                byte b = view.at(i);
                while (matched > 0 && needle[matched] != b) {
                    matched = fallback[matched - 1];
                }
                if (needle[matched] == b) {
                    matched++;
                }
                if (matched == needle.length) {
                    next = i + 1;
                    return new long[] {i + 1 - needle.length, i + 1};
                }
            }
            next = Math.max(next, end);
            return null;
        }
    }

    private static final class Regex extends CapturePattern {
        private final Pattern pattern;
        /** Characters looked at so far, over every look. */
        private long steps;

        Regex(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        boolean costly() {
            return true;
        }

        @Override
        long[] find(CaptureWindow.View view, long from) {
            long start = Math.max(from, view.base());
            if (start >= view.end()) {
                return null;
            }
            Matcher m = pattern.matcher(new Bounded(view.chars(start)));
            try {
                if (!m.find()) {
                    return null;
                }
            } catch (StackOverflowError e) {
                // Java's matcher recurses once per repetition of a group: over a long capture such a pattern
                // runs out of stack, which says nothing of the service, only of the pattern.
                throw new WsaException(WsaError.WSAEINVAL, "The regular expression recursed too deeply over "
                        + (view.end() - start) + " captured bytes; it backtracks too much: use a simpler one");
            }
            // an empty match says nothing arrived that it waits for
            return m.end() == m.start() ? null : new long[] {start + m.start(), start + m.end()};
        }

        /** Characters that refuse to be read past the wait's budget: a costly pattern fails instead of freezing a thread. */
        private final class Bounded implements CharSequence {
            private final CharSequence chars;

            Bounded(CharSequence chars) {
                this.chars = chars;
            }

            @Override
            public char charAt(int index) {
                if (++steps > REGEX_STEPS) {
                    throw new WsaException(WsaError.WSAEINVAL, "The regular expression took more than " + REGEX_STEPS
                            + " steps over the captured bytes, counting every look as they arrived; simplify it (it "
                            + "backtracks too much), or expect exact bytes (text, hex or base64), which cost one look per byte");
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
}
