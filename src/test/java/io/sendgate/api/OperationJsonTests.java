package io.sendgate.api;

import io.sendgate.core.OperationKind;
import io.sendgate.core.OperationStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operation reads the same whether Jackson's own record serializer writes it or {@link OperationJson} does,
 * for every shape an answer, a poll, a listing or an event gives it (C11, C15, C46: the fields of an operation).
 */
class OperationJsonTests {
    private final JsonMapper jackson = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(Instant.class, new InstantText())).build();
    private final JsonMapper service = JsonMapper.builder().addModule(AnswerWriters.module()).build();

    @Test
    void writesWhatJacksonWrites() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int i = 0; i < 20_000; i++) {
            OperationResponse op = randomOperation(random);
            assertThat(service.writeValueAsString(op)).isEqualTo(jackson.writeValueAsString(op));
        }
    }

    // Events are formatted to text (a Writer), answers to bytes: both read the same.
    @Test
    void writesTheSameToTextAndToBytes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            OperationResponse op = randomOperation(random);
            assertThat(new String(service.writeValueAsBytes(op), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(service.writeValueAsString(op)).isEqualTo(jackson.writeValueAsString(op));
        }
    }

    @Test
    void writesWhatJacksonWritesInsideABatchAnswer() {
        SplittableRandom random = new SplittableRandom(7);
        List<OperationResponse> ops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ops.add(randomOperation(random));
        }
        BatchResponse batch = new BatchResponse(ops);
        assertThat(service.writeValueAsBytes(batch)).isEqualTo(jackson.writeValueAsBytes(batch));
    }

    private static OperationResponse randomOperation(SplittableRandom random) {
        return new OperationResponse(
                maybe(random, random.nextLong(1, Long.MAX_VALUE)),
                maybe(random, text(random)),
                maybe(random, OperationKind.values()[random.nextInt(OperationKind.values().length)]),
                maybe(random, OperationStatus.values()[random.nextInt(OperationStatus.values().length)]),
                random.nextBoolean(),
                random.nextLong(0, Long.MAX_VALUE),
                random.nextLong(0, Long.MAX_VALUE),
                random.nextInt(0, 1025),
                maybe(random, flags(random)),
                maybe(random, flags(random)),
                maybe(random, bytes(random)),
                maybe(random, random.nextBoolean()),
                maybe(random, "WSAE" + random.nextInt(100)),
                maybe(random, random.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE)),
                maybe(random, text(random)),
                maybe(random, Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000))),
                maybe(random, Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000))));
    }

    private static <T> T maybe(SplittableRandom random, T value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private static List<String> flags(SplittableRandom random) {
        List<String> all = List.of("MSG_OOB", "MSG_DONTROUTE", "MSG_PARTIAL", "MSG_PEEK", "MSG_WAITALL");
        List<String> out = new ArrayList<>();
        for (String f : all) {
            if (random.nextBoolean()) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    private static byte[] bytes(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(0, 100)];
        random.nextBytes(b);
        return b;
    }

    /** Text that needs escaping now and then: quotes, backslashes, controls, and characters past ASCII. */
    private static String text(SplittableRandom random) {
        String alphabet = "ab-_ 0\"\\\n\t\u0001é€\uD83D\uDE00/";
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(0, 24);
        while (sb.length() < n) {
            int at = random.nextInt(alphabet.length());
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                sb.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                sb.append(alphabet.charAt(at));
            }
        }
        return sb.toString();
    }
}
