package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.util.Locale;

/**
 * Errors that Tomcat raises before or around Spring MVC (a malformed request line or path, an over-long
 * header, a body that broke off, TRACE), explained in words from what is known: the status, the raw path,
 * the exception, Tomcat's own message when it is plain. Used by the error report valve and the /error
 * controller, so that both answer the same problem for the same failure (C40).
 */
final class ContainerErrors {
    static final String API_DOCUMENT = "/swagger-ui.html";
    /** The request attribute that holds a streamed send's operation id while its body is read. */
    static final String STREAMED_OPERATION = "io.sendgate.api.streamedOperation";

    private ContainerErrors() {
    }

    /**
     * A failure the container answers for a streamed send's request (its body broke off, or came too slowly): the
     * send exists and fails with the bytes that went out, so the problem names its operation.
     */
    static ProblemDetail naming(ProblemDetail problem, Object streamedOperation) {
        if (streamedOperation instanceof Long id) {
            problem.setProperty("operationId", id);
            problem.setDetail(problem.getDetail() + "; streamed send " + id + " fails with the bytes that went out "
                    + "before (GET /api/v1/operations/" + id + ")");
        }
        return problem;
    }

    static ProblemDetail describe(int status, String method, String rawPath, Throwable failure, String containerMessage) {
        ProblemDetail problem = problem(status, method, rawPath, failure, containerMessage);
        if (problem.getInstance() == null) {
            problem.setInstance(Problems.instance(rawPath));
        }
        return problem;
    }

    private static ProblemDetail problem(int status, String method, String rawPath, Throwable failure, String containerMessage) {
        WsaException wsa = Problems.causeOfType(failure, WsaException.class);
        if (wsa != null) {
            return Problems.of(wsa);
        }
        if (status == 404 || status == 405) {
            return Problems.forStatus(status, noSuchCall(method, rawPath, null), rawPath);
        }
        if (status == 400) {
            if (Problems.causeOfType(failure, IOException.class) != null) {
                return Problems.of(400, WsaError.WSAEFAULT, JsonBodyErrors.brokeOff());
            }
            String pathProblem = pathProblem(rawPath);
            if (pathProblem != null) {
                return Problems.forStatus(400, pathProblem, rawPath);
            }
        }
        // a client error may say what Tomcat refused; a server error's message is for the log only
        String why = status >= 500 ? null : PlainText.of(failure != null ? failure.getMessage() : containerMessage);
        return Problems.forStatus(status, sentence(status) + (why == null ? "" : ": " + why), rawPath);
    }

    /** For 404 and 405, whichever layer noticed: the call as the caller wrote it, and where the calls are listed. */
    static String noSuchCall(String method, String path, String allowed) {
        return "There is no call " + method + " " + (path == null || path.isEmpty() ? "/" : path)
                + (allowed == null || allowed.isEmpty() ? "" : " (that path takes " + allowed + ")")
                + "; see " + API_DOCUMENT;
    }

    /**
     * What Tomcat refused in a path it would not decode or normalise; null when the path itself is fine.
     * Positions count characters of the path from 1.
     */
    static String pathProblem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        String withoutParameters = rawPath.replaceAll(";[^/]*", "");
        try {
            QueryString.decode(rawPath, 0, rawPath.length());
        } catch (QueryString.MalformedException e) {
            return "The path has a malformed percent-escape at position " + e.position() + e.reason();
        }
        String upper = rawPath.toUpperCase(Locale.ROOT);
        if (upper.contains("%2F") || upper.contains("%5C")) {
            return "The path contains an encoded slash or backslash (%2F, %5C), which this service refuses";
        }
        if (upper.contains("%00")) {
            return "The path contains an encoded NUL character (%00)";
        }
        int depth = 0;
        for (String segment : QueryString.decode(withoutParameters, 0, withoutParameters.length()).split("/", -1)) {
            if (segment.equals("..")) {
                depth--;
                if (depth < 0) {
                    return "The path climbs above the root with '..'"
                            + (withoutParameters.equals(rawPath) ? "" : " (once its ';' parameters are removed)");
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
        }
        return null;
    }

    static String sentence(int status) {
        return switch (status) {
            case 400 -> "The request is not well-formed HTTP";
            case 401, 403 -> "The request is not allowed";
            case 408 -> "The request did not arrive in time";
            case 411 -> "The request needs a Content-Length or a chunked body";
            case 413 -> "The request is larger than this service accepts";
            case 414 -> "The request line is longer than this service reads";
            case 417 -> "The service supports no expectation but Expect: 100-continue";
            case 431 -> "The request headers are larger than this service reads";
            case 500 -> "An unexpected failure; the service log has the details";
            case 501 -> "The request uses an HTTP feature this service does not implement";
            case 503 -> "The service cannot answer now";
            case 505 -> "The service speaks HTTP/1.1 and HTTP/1.0, not the version of this request";
            default -> status >= 500 ? "The service failed to answer" : "The request was refused";
        };
    }
}
