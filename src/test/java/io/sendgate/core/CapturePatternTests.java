package io.sendgate.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looking for exact bytes as they arrive (C44): each look costs the bytes that arrived since the last one
 * (C38: a 4 KiB needle over a 1 MiB capture took over a second a look, under the capture's lock, on every
 * byte that arrived), and it finds what a search of everything held finds, also when another reader
 * released bytes between two looks.
 */
class CapturePatternTests {
    @Test
    void lookingAsBytesArriveFindsWhatASearchOfEverythingFinds() {
        long seed = Long.getLong("sendgate.test.seed", new Random().nextLong());
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            // few symbols, so that needles repeat and partly match often
            byte[] stream = new byte[1 + random.nextInt(3000)];
            for (int i = 0; i < stream.length; i++) {
                stream[i] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 2 : 3));
            }
            int at = random.nextInt(stream.length);
            byte[] needle = random.nextInt(5) == 0
                    ? "abcabd".getBytes()
                    : Arrays.copyOfRange(stream, at, Math.min(stream.length, at + 1 + random.nextInt(40)));
            long from = random.nextInt(Math.max(1, stream.length / 2));
            CaptureWindow window = new CaptureWindow(stream.length);
            CapturePattern pattern = CapturePattern.bytes(needle);
            long released = 0;
            long[] found = null;
            int appended = 0;
            while (found == null && appended < stream.length) {
                int n = Math.min(stream.length - appended, 1 + random.nextInt(random.nextBoolean() ? 3 : 200));
                window.append(Arrays.copyOfRange(stream, appended, appended + n));
                appended += n;
                if (random.nextInt(10) == 0) {
                    released = Math.min(window.end(), released + random.nextInt(20));
                    window.releaseBefore(released);
                }
                found = pattern.find(window.view(), from);
            }
            // what a search of the held bytes would find (bytes released before a match began are not searched)
            long expected = -1;
            for (long start = Math.max(from, 0); expected < 0 && start + needle.length <= appended; start++) {
                if (Arrays.equals(stream, (int) start, (int) start + needle.length, needle, 0, needle.length)) {
                    expected = start;
                }
            }
            if (found == null) {
                // none held: there is none, or another reader released where it starts before it was whole
                if (expected >= 0) {
                    assertThat(released).as("seed %d round %d", seed, round).isGreaterThan(expected);
                }
            } else {
                assertThat(Arrays.copyOfRange(stream, (int) found[0], (int) found[1])).as("seed %d round %d", seed, round)
                        .isEqualTo(needle);
                assertThat(found[0]).as("seed %d round %d", seed, round).isGreaterThanOrEqualTo(from);
                if (released <= expected) {
                    assertThat(found[0]).as("seed %d round %d", seed, round).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aLongNeedleOverAFullCaptureIsOneLookPerByte() {
        int size = 1 << 20;
        CaptureWindow window = new CaptureWindow(size);
        byte[] as = new byte[size - 1];
        Arrays.fill(as, (byte) 'a');
        window.append(as);
        byte[] needle = new byte[4096];
        Arrays.fill(needle, (byte) 'a');
        needle[4095] = 'b';
        CapturePattern pattern = CapturePattern.bytes(needle);
        assertThat(pattern.find(window.view(), 0)).isNull();
        window.append(new byte[] {'b'});
        assertThat(pattern.find(window.view(), 0)).containsExactly(size - 4096L, size);
    }

    @Test
    void aViewStaysAsItWasWhileTheWindowAppendsAndReleases() {
        CaptureWindow window = new CaptureWindow(100);
        window.append("hello world".getBytes());
        CaptureWindow.View view = window.view();
        window.releaseBefore(6);
        window.append("!".repeat(80).getBytes());
        window.releaseBefore(90);
        window.append("x".repeat(5).getBytes());
        assertThat(new String(view.copy(0, 11))).isEqualTo("hello world");
        assertThat(view.chars(6).toString()).isEqualTo("world");
    }
}
