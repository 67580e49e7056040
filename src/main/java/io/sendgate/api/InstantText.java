package io.sendgate.api;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Every answer's timestamps ({@code submittedAt}, {@code completedAt}, ...) as ISO-8601 in UTC, character for
 * character what {@link DateTimeFormatter#ISO_INSTANT} writes (the fraction in groups of three digits, as many as
 * needed), without its general machinery: a batch's answer carries two per send, and formatting them took a tenth
 * of the batch's time. Years outside 0000..9999 go through the JDK's own formatter.
 */
public final class InstantText extends StdSerializer<Instant> {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final int DATE_TIME = 19; // 2026-11-30T01:53:42
    /** The last second written, as text: a batch's timestamps nearly all fall in one second. */
    private static volatile Second last = new Second(Long.MIN_VALUE, null);

    InstantText() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializationContext context) {
        byte[] text = new byte[30];
        int length = format(value, text);
        if (length < 0) {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        } else if (gen instanceof UTF8JsonGenerator) {
            // answers are written as UTF-8, and the text is ASCII that needs no escaping: no check per character
            gen.writeRawUTF8String(text, 0, length);
        } else {
            gen.writeString(new String(text, 0, length, StandardCharsets.US_ASCII));
        }
    }

    /** Writes {@code value} into {@code out} (30 bytes or more) in ASCII; -1 when its year is not 0000..9999. */
    static int format(Instant value, byte[] out) {
        long seconds = value.getEpochSecond();
        Second second = last;
        if (second.epochSecond != seconds) {
            byte[] text = new byte[DATE_TIME];
            if (!dateTime(seconds, text)) {
                return -1;
            }
            second = new Second(seconds, text);
            last = second;
        }
        System.arraycopy(second.text, 0, out, 0, DATE_TIME);
        int i = DATE_TIME;
        int nano = value.getNano();
        if (nano != 0) {
            out[i++] = '.';
            if (nano % 1_000_000 == 0) {
                i = digits(out, i, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                i = digits(out, i, nano / 1000, 6);
            } else {
                i = digits(out, i, nano, 9);
            }
        }
        out[i++] = 'Z';
        return i;
    }

    /** Writes the date and time of day, to the second; false when the year is not 0000..9999. */
    private static boolean dateTime(long seconds, byte[] out) {
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // civil date from days since 1970-01-01 (Howard Hinnant's algorithm, proleptic Gregorian)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return false;
        }
        int i = digits(out, 0, (int) year, 4);
        out[i++] = '-';
        i = digits(out, i, month, 2);
        out[i++] = '-';
        i = digits(out, i, day, 2);
        out[i++] = 'T';
        i = digits(out, i, secondOfDay / 3600, 2);
        out[i++] = ':';
        i = digits(out, i, secondOfDay / 60 % 60, 2);
        out[i++] = ':';
        digits(out, i, secondOfDay % 60, 2);
        return true;
    }

    private record Second(long epochSecond, byte[] text) {
    }

    private static int digits(byte[] out, int at, int value, int count) {
        for (int k = at + count - 1; k >= at; k--) {
            out[k] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }
}
