package io.sendgate.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict query-string reader behind C40's "malformed percent-escape at position N". */
class QueryStringTests {

    @Test
    void namesAndValuesAreDecodedAsUtf8InOrder() {
        assertThat(QueryString.parse("flags=MSG_OOB&flags=MSG_PARTIAL&overlapped&x=a+b%20c&&%C3%A9=%E2%82%AC"))
                .containsExactly(new QueryString.Param("flags", "MSG_OOB"), new QueryString.Param("flags", "MSG_PARTIAL"),
                        new QueryString.Param("overlapped", ""), new QueryString.Param("x", "a b c"),
                        new QueryString.Param("\u00e9", "\u20ac"));
        assertThat(QueryString.parse("a=1=2")).containsExactly(new QueryString.Param("a", "1=2"));
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEqualTo(List.of());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "x=%zz|3", "x=%4|3", "x=%|3", "%g1=1|1", "ok=1&x=%2|8", "x=%ff|3", "x=a%C3%28|4", "x=%E2%82|3"})
    void aMalformedEscapeIsReportedWhereItStarts(String query, int position) {
        assertThatThrownBy(() -> QueryString.parse(query))
                .isInstanceOf(QueryString.MalformedException.class)
                .extracting(e -> ((QueryString.MalformedException) e).position()).isEqualTo(position);
        assertThatThrownBy(() -> QueryString.parse(query))
                .hasMessageStartingWith("The query string has a malformed percent-escape at position " + position);
    }

    @Test
    void aWellFormedQueryHasNoProblem() {
        assertThat(QueryString.parse("waitMs=10&x=%41%42+%2B&y=a+b")).containsExactly(
                new QueryString.Param("waitMs", "10"), new QueryString.Param("x", "AB +"), new QueryString.Param("y", "a b"));
        assertThat(QueryString.parse(null)).isEmpty();
        assertThatThrownBy(() -> QueryString.parse("x=%ff")).hasMessageEndingWith("(the bytes it encodes are not UTF-8)");
    }
}
