package io.sendgate.testing;

import tools.jackson.databind.JsonNode;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error answer must be (C24, C40): a problem detail with a WSA code, in words, never HTML. */
public final class ProblemAnswers {
    /** A Java type name ({@code io.sendgate.api.OpenSocketRequest}) or an array's identity ({@code [Ljava.lang.String;@19ef652}). */
    public static final Pattern JAVA_TYPE = Pattern.compile("\\b[a-z]+\\.[a-z]+(\\.[a-z]+)*\\.[A-Z]\\w*|\\[L[\\w.]+;@");

    private ProblemAnswers() {
    }

    /** Asserts the answer and returns the problem for further checks on its detail. */
    public static JsonNode assertProblem(int status, String contentType, String body, int expectedStatus, String wsaError) {
        String context = status + " " + contentType + " " + body;
        assertThat(status).as(context).isEqualTo(expectedStatus);
        assertThat(contentType).as(context).startsWith("application/problem+json");
        assertThat(body.toLowerCase()).as(context).doesNotContain("<html", "<!doctype", "\"timestamp\"");
        JsonNode problem = Api.JSON.readTree(body);
        assertThat(problem.path("status").asInt()).as(context).isEqualTo(expectedStatus);
        assertThat(problem.path("wsaError").asString()).as(context).isEqualTo(wsaError);
        assertThat(problem.path("wsaCode").isInt()).as(context).isTrue();
        assertThat(problem.path("title").asString()).as(context).startsWith(wsaError + ": ");
        assertThat(problem.path("detail").asString()).as(context).isNotBlank();
        assertNoJavaType(problem.path("detail").asString());
        assertNoJavaType(problem.path("title").asString());
        return problem;
    }

    /**
     * Any error answer, whatever its status and code (C24, C40): the checks of {@link #assertProblem} with the
     * answer's own status and {@code wsaError}, for callers that do not know in advance which code fits.
     */
    public static JsonNode assertAnyProblem(int status, String contentType, String body) {
        String context = status + " " + contentType + " " + body;
        assertThat(contentType).as(context).startsWith("application/problem+json");
        assertThat(body.toLowerCase()).as(context).doesNotContain("<html", "<!doctype", "\"timestamp\"");
        JsonNode problem;
        try {
            problem = Api.JSON.readTree(body);
        } catch (RuntimeException notJson) {
            throw new AssertionError("The problem detail is not JSON: " + context);
        }
        assertThat(problem.path("wsaError").isString()).as("wsaError in %s", context).isTrue();
        return assertProblem(status, contentType, body, status, problem.path("wsaError").asString());
    }

    public static JsonNode assertProblem(Api.Reply reply, int expectedStatus, String wsaError) {
        return assertProblem(reply.status(), reply.contentType(), reply.body(), expectedStatus, wsaError);
    }

    public static JsonNode assertProblem(RawHttp.Answer answer, int expectedStatus, String wsaError) {
        return assertProblem(answer.status(), answer.contentType(), answer.body(), expectedStatus, wsaError);
    }

    public static void assertNoJavaType(String text) {
        assertThat(JAVA_TYPE.matcher(text).find()).as("names a Java type: %s", text).isFalse();
    }
}
