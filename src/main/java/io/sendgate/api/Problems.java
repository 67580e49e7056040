package io.sendgate.api;

import io.sendgate.core.WsaError;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Building problem details with the WSA members of C24. */
final class Problems {
    private Problems() {
    }

    static ProblemDetail of(HttpStatus status, WsaError error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(error.name() + ": " + error.description());
        problem.setProperty("wsaError", error.name());
        problem.setProperty("wsaCode", error.code());
        return problem;
    }

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
