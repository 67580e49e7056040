package io.sendgate.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the container forwards the errors that happen around Spring MVC (an exception from a filter, a
 * body that broke off, TRACE, too many cookies): the same problem detail as everywhere else, in place of
 * Boot's own error JSON (C40). Asked for directly, /error is a path like any other that has no call.
 */
@RestController
@Hidden
class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        ProblemDetail problem = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status
                ? ContainerErrors.describe(status, originalMethod(request),
                        (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                        (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION),
                        (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE))
                : Problems.forStatus(404, ContainerErrors.noSuchCall(request.getMethod(), request.getRequestURI(), null),
                        request.getRequestURI());
        ContainerErrors.naming(problem, request.getAttribute(ContainerErrors.STREAMED_OPERATION));
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** Servlet 6.1 dispatches error pages as GET; the method the caller used is kept in an attribute. */
    private static String originalMethod(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_METHOD) instanceof String method ? method : request.getMethod();
    }
}
