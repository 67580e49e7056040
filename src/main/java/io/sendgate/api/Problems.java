package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * The one place that builds a problem detail with the WSA members of C24, and the one that writes it
 * where Spring MVC's converters are not in play (filters, Tomcat's error report valve, the error
 * controller), so that every layer answers the same JSON (C40).
 */
public final class Problems {
    /**
     * Spring's converters flatten {@code properties} into top-level members through this mix-in;
     * writing with the same mix-in gives the same members in the same order.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
            .build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, WsaError error, String detail) {
        return of(status.value(), error, detail);
    }

    public static ProblemDetail of(int status, WsaError error, String detail) {
        return withCode(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail), error);
    }

    /** The WSA members of C24 on a problem someone else built (Spring's own rejections). */
    static ProblemDetail withCode(ProblemDetail problem, WsaError error) {
        problem.setTitle(error.name() + ": " + error.description());
        problem.setProperty("wsaError", error.name());
        problem.setProperty("wsaCode", error.code());
        return problem;
    }

    /** A failure of the core or of a check, with the socket and operation it concerns (C24). */
    static ProblemDetail of(WsaException e) {
        ProblemDetail problem = of(statusOf(e), e.error(), e.getMessage());
        if (e.socketId() != null) {
            problem.setProperty("socketId", e.socketId());
        }
        if (e.operationId() != null) {
            problem.setProperty("operationId", e.operationId());
        }
        if (e.bytesTransferred() > 0) {
            problem.setProperty("bytesTransferred", e.bytesTransferred());
        }
        if (e instanceof io.sendgate.core.Capture.NotFound missed) {
            // what did arrive, so that a test's failure message can show it (C44)
            var arrived = missed.arrived();
            problem.setProperty("from", arrived.from());
            problem.setProperty("receivedBytes", arrived.to() - arrived.from());
            problem.setProperty("base64", java.util.Base64.getEncoder().encodeToString(arrived.bytes()));
            String text = CapturedBytes.text(arrived.bytes());
            if (text != null) {
                problem.setProperty("text", text);
            }
        }
        return problem;
    }

    /** An error the container or Spring raised with only an HTTP status: its WSA code comes from the status. */
    public static ProblemDetail forStatus(int status, String detail, String instance) {
        ProblemDetail problem = of(status, WsaHttpStatus.errorFor(status), detail);
        problem.setInstance(instance(instance));
        return problem;
    }

    /** Where the code alone does not decide the status: an operation no longer retained, a request too large. */
    static HttpStatus statusOf(WsaException e) {
        if (e instanceof Operations.OperationGoneException) {
            return HttpStatus.GONE;
        }
        if (e instanceof RequestTooLargeException) {
            return HttpStatus.PAYLOAD_TOO_LARGE;
        }
        return WsaHttpStatus.of(e.error());
    }

    /**
     * The path a problem is about, as Spring MVC sets it. A path the container refused may not be a valid
     * URI at all ({@code /%zz}); its illegal characters are then quoted so the member still names it.
     */
    public static URI instance(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            return new URI(path);
        } catch (URISyntaxException notAUri) {
            try {
                return new URI(null, null, path, null);
            } catch (URISyntaxException stillNot) {
                return null;
            }
        }
    }

    /** Writes a problem outside Spring MVC: the status, the content type and the same JSON as the advice. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            // whoever failed had taken the writer; the body is the same in UTF-8 through it
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
    }

    /** A failure of a check outside Spring MVC, with the status {@link #statusOf} gives it. */
    public static void write(HttpServletResponse response, WsaException e, String instance) throws IOException {
        ProblemDetail problem = of(e);
        problem.setInstance(instance(instance));
        write(response, problem);
    }

    public static void write(HttpServletResponse response, HttpStatus status, WsaError error, String detail, String instance)
            throws IOException {
        ProblemDetail problem = of(status, error, detail);
        problem.setInstance(instance(instance));
        write(response, problem);
    }

    static <T extends Throwable> T causeOfType(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
