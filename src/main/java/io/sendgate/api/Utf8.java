package io.sendgate.api;

/**
 * The byte ranges of strict UTF-8 (Unicode 15, table 3-7), for the readers that refuse what Java's decoders would
 * let through: no overlong forms, no surrogates, nothing past U+10FFFF.
 */
final class Utf8 {
    /** Where a continuation byte falls, but for the first one after the leads named below. */
    static final int LOW = 0x80;
    static final int HIGH = 0xBF;

    private Utf8() {
    }

    /** The continuation bytes that {@code lead} calls for, 1 to 3; 0 when it cannot begin a multi-byte character. */
    static int continuations(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 1;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 2;
        }
        return lead >= 0xF0 && lead <= 0xF4 ? 3 : 0;
    }

    /** The lowest byte that may follow {@code lead}: higher after E0 and F0, whose lower ones make overlong forms. */
    static int firstLow(int lead) {
        return lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : LOW;
    }

    /** The highest byte that may follow {@code lead}: lower after ED (surrogates) and F4 (past U+10FFFF). */
    static int firstHigh(int lead) {
        return lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : HIGH;
    }

    static String cannotBegin(int b) {
        return String.format("byte 0x%02X cannot begin a character", b);
    }

    static String doesNotContinue(int b) {
        return String.format("byte 0x%02X does not continue the character before it", b);
    }
}
