package io.sendgate.api;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's last word on a request, in place of its HTML error page: what it refused before Spring MVC
 * could see the request (a malformed request line, path or header, an unsupported transfer coding or
 * HTTP version) is answered with the same problem detail as everything else (C40). Tomcat creates it by
 * class name, so it needs a public no-argument constructor and holds no Spring state.
 */
public class ProblemReportValve extends ErrorReportValve {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as the HTML valve: only errors, only when nothing is written yet, and only once; and also an error
        // some handler answered with a bare status and no body (actuator's 404 for /actuator/health/nope), which
        // the HTML valve leaves empty (C40)
        if (status < 400 || response.getContentWritten() > 0 || response.isError() && !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.resetBuffer(true);
            // a length the handler declared for its empty body is not the problem's
            response.setContentLengthLong(-1);
            Problems.write(response, ContainerErrors.naming(ContainerErrors.describe(status, request.getMethod(),
                    request.getRequestURI(), throwable, response.getMessage()),
                    request.getAttribute(ContainerErrors.STREAMED_OPERATION)));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("The problem for a {} could not be written", status, e);
        }
    }
}
