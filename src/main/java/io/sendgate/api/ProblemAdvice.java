package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.io.UncheckedIOException;

/**
 * Every failure as an RFC 9457 problem detail with {@code wsaError} and {@code wsaCode} (C24), and the
 * socket and operation ids when known. Spring's own rejections (bad JSON, wrong types, missing
 * parameters, unknown calls) get a WSA code too, so a client can always switch on one field, and their
 * details are rewritten where Spring's would name Java types (C40).
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);


    @ExceptionHandler(WsaException.class)
    ResponseEntity<Object> wsa(WsaException e) {
        ProblemDetail problem = Problems.of(e);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** A body that broke off while it streamed into native memory: the buffer description is unusable. */
    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<Object> bodyBroke(UncheckedIOException e) {
        return badRequest(WsaError.WSAEFAULT, JsonBodyErrors.brokeOff());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        WsaException cause = Problems.causeOfType(ex, WsaException.class);
        if (cause != null) {
            return wsa(cause);
        }
        ProblemDetail problem = JsonBodyErrors.describe(ex);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, Problems.of(status.value(), WsaError.WSAEINVAL, ParameterErrors.describe(ex)),
                headers, status, request);
    }

    /** Spring's other rejections keep their status and gain a WSA code from the status; unknown calls say which. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            HttpServletRequest servlet = request instanceof NativeWebRequest n ? n.getNativeRequest(HttpServletRequest.class) : null;
            if (servlet != null && (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException
                    || ex instanceof HttpRequestMethodNotSupportedException)) {
                String allowed = ex instanceof HttpRequestMethodNotSupportedException m && m.getSupportedMethods() != null
                        ? String.join(", ", m.getSupportedMethods()) : null;
                problem.setDetail(ContainerErrors.noSuchCall(servlet.getMethod(), servlet.getRequestURI(), allowed));
            }
            if (problem.getProperties() == null || !problem.getProperties().containsKey("wsaError")) {
                Problems.withCode(problem, WsaHttpStatus.errorFor(statusCode.value()));
            }
            if (problem.getDetail() == null) {
                problem.setDetail(ContainerErrors.sentence(statusCode.value()));
            }
        }
        return response;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        // Tomcat 11 parses parameters lazily and throws from whatever first asks for one. The edge filter
        // refuses a malformed query before that; what is left is a form body or a count over the limit.
        InvalidParameterException parameters = Problems.causeOfType(e, InvalidParameterException.class);
        if (parameters != null && parameters.getErrorCode() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
            return wsa(new RequestTooLargeException("The form body is larger than the body of a call other than a "
                    + "send may be (sendgate.limits.max-control-request-size)"));
        }
        if (parameters != null) {
            return badRequest(WsaError.WSAEINVAL, "The request's parameters could not be read: a form body with a "
                    + "malformed percent-escape, or more parameters than this service reads (server.tomcat.max-parameter-count)");
        }
        LOG.error("Unexpected failure", e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                WsaError.WSASYSCALLFAILURE, ContainerErrors.sentence(500)));
    }

    private static ResponseEntity<Object> badRequest(WsaError error, String detail) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, error, detail));
    }
}
