package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.io.UncheckedIOException;

/**
 * Every failure as an RFC 9457 problem detail with {@code wsaError} and {@code wsaCode} (C24), and the
 * socket and operation ids when known. Spring's own rejections (bad JSON, wrong types, missing
 * parameters) get a WSA code too, so a client can always switch on one field.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(WsaException.class)
    ResponseEntity<Object> wsa(WsaException e) {
        HttpStatus status = e instanceof Operations.OperationGoneException ? HttpStatus.GONE
                : e instanceof RequestTooLargeException ? HttpStatus.PAYLOAD_TOO_LARGE : WsaHttpStatus.of(e.error());
        ProblemDetail problem = Problems.of(status, e.error(), e.getMessage());
        if (e.socketId() != null) {
            problem.setProperty("socketId", e.socketId());
        }
        if (e.operationId() != null) {
            problem.setProperty("operationId", e.operationId());
        }
        if (e.bytesTransferred() > 0) {
            problem.setProperty("bytesTransferred", e.bytesTransferred());
        }
        return ResponseEntity.status(status).body(problem);
    }

    /** A body that broke off while it streamed into native memory: the buffer description is unusable. */
    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<Object> bodyBroke(UncheckedIOException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, WsaError.WSAEFAULT,
                "The request body could not be read: " + e.getCause().getMessage()));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e) {
        if (e instanceof MaxUploadSizeExceededException) {
            return tooLarge();
        }
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, WsaError.WSAEFAULT,
                "The multipart body is malformed: " + e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return tooLarge();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        WsaException cause = Problems.causeOfType(ex, WsaException.class);
        if (cause != null) {
            return wsa(cause);
        }
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, WsaError.WSAEFAULT,
                "The request body is not what this call takes: " + Problems.firstLine(ex.getMostSpecificCause())));
    }

    /** Spring's other rejections keep their status and detail and gain a WSA code. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && statusCode.is4xxClientError()
                && statusCode.value() != 404 && statusCode.value() != 405) {
            problem.setProperty("wsaError", WsaError.WSAEINVAL.name());
            problem.setProperty("wsaCode", WsaError.WSAEINVAL.code());
        }
        return response;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        LOG.error("Unexpected failure", e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                WsaError.WSASYSCALLFAILURE, "Unexpected failure: " + e.getClass().getSimpleName()));
    }

    private static ResponseEntity<Object> tooLarge() {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE,
                WsaError.WSAENOBUFS, "The request is larger than sendgate.limits.max-request-size"));
    }
}
