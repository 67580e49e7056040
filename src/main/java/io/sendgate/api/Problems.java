package io.sendgate.api;

import io.sendgate.core.WsaError;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Building problem details with the WSA members of C24. */
public final class Problems {
    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, WsaError error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(error.name() + ": " + error.description());
        problem.setProperty("wsaError", error.name());
        problem.setProperty("wsaCode", error.code());
        return problem;
    }

    /**
     * Writes a problem from a servlet filter, where Spring's message converters (and their problem
     * mix-in, which lifts the extra members to the top level) are not in play.
     */
    public static void write(HttpServletResponse response, HttpStatus status, WsaError error, String detail, String instance)
            throws IOException {
        ProblemDetail p = of(status, error, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", p.getTitle());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        body.putAll(p.getProperties());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static <T extends Throwable> T causeOfType(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
