package io.sendgate.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** "Did you mean" for misspelt fields and parameters (C40). */
class SuggestionsTests {
    private static final List<String> FIELDS = List.of("type", "remoteHost", "remotePort", "overlapped", "nonBlocking",
            "sendTimeoutMs", "sendBufferBytes", "noDelay", "keepAlive");

    @Test
    void caseIsIgnoredAndSmallTyposFindTheName() {
        assertThat(Suggestions.closest("sendTimeoutMS", FIELDS)).contains("sendTimeoutMs");
        assertThat(Suggestions.closest("nonblocking", FIELDS)).contains("nonBlocking");
        assertThat(Suggestions.closest("remtoePort", FIELDS)).contains("remotePort");
        assertThat(Suggestions.closest("flag", List.of("flags", "overlapped"))).contains("flags");
        assertThat(Suggestions.closest("sendBuferBytes", FIELDS)).contains("sendBufferBytes");
    }

    @Test
    void aNameNothingLikeAnyKnownOneListsThemInstead() {
        assertThat(Suggestions.closest("zzz", FIELDS)).isEmpty();
        assertThat(Suggestions.hint("zzz", List.of("waitMs"))).isEqualTo("; known: waitMs");
        assertThat(Suggestions.hint("flag", List.of("flags", "overlapped"))).isEqualTo("; did you mean 'flags'?");
        assertThat(Suggestions.hint("x", List.of())).isEmpty();
    }

    @Test
    void distanceCountsATranspositionAsOneEdit() {
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }
}
