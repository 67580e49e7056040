package io.sendgate.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Timestamps read the same as the JDK's ISO_INSTANT writes them, character for character (C15: a poll's completedAt). */
class InstantTextTests {

    @Test
    void writesWhatIsoInstantWrites() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // 0000-01-01 .. 9999-12-31
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            same(Instant.ofEpochSecond(seconds, nano));
        }
        same(Instant.EPOCH);
        same(Instant.parse("2000-02-29T23:59:59.999999999Z"));
        same(Instant.parse("1969-12-31T23:59:59.000000001Z"));
        same(Instant.parse("0000-01-01T00:00:00Z"));
        same(Instant.parse("9999-12-31T23:59:59.1Z"));
        same(Instant.now());
    }

    // The text of the last second is kept: instants in one second, and back and forth between two, still read right.
    @Test
    void instantsSharingASecondReadRight() {
        SplittableRandom random = new SplittableRandom(7);
        Instant base = Instant.parse("2026-11-30T01:53:42Z");
        for (int i = 0; i < 10_000; i++) {
            same(base.plusSeconds(random.nextInt(2)).plusNanos(random.nextInt(1_000_000_000)));
        }
        same(Instant.parse("+10000-01-01T00:00:00Z").minusNanos(1));
        same(base);
    }

    @Test
    void yearsPastFourDigitsAreLeftToTheJdk() {
        byte[] out = new byte[30];
        assertThat(InstantText.format(Instant.parse("+10000-01-01T00:00:00Z"), out)).isEqualTo(-1);
        assertThat(InstantText.format(Instant.parse("-0001-12-31T23:59:59Z"), out)).isEqualTo(-1);
    }

    private static void same(Instant instant) {
        byte[] out = new byte[30];
        int length = InstantText.format(instant, out);
        assertThat(new String(out, 0, length, java.nio.charset.StandardCharsets.US_ASCII)).as("%s", instant).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }
}
