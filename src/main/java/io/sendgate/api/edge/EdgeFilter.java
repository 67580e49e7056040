package io.sendgate.api.edge;

import io.sendgate.api.Problems;
import io.sendgate.api.QueryString;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.Principal;

/**
 * The one filter in front of every request (C35-C40), run first, on the normalised path (Tomcat has
 * decoded it, resolved dot segments and dropped {@code ;} parameters, so no spelling of a path slips past),
 * before anything reads the body: the request's Host, where it comes from, the token, its query string
 * (Tomcat parses parameters lazily and would fail on a bad escape from inside whatever asked first), the
 * body's size.
 * Each refusal is a problem detail, and nothing past the refusing check runs.
 */
public final class EdgeFilter extends OncePerRequestFilter {
    private static final Principal CALLER = () -> "sendgate";

    private final HostNames hosts;
    private final CrossSiteRequests crossSite;
    private final ApiToken token;
    private final BodyLimit bodies;

    public EdgeFilter(HostNames hosts, CrossSiteRequests crossSite, ApiToken token, BodyLimit bodies) {
        this.hosts = hosts;
        this.crossSite = crossSite;
        this.token = token;
        this.bodies = bodies;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        // Old browsers send no Sec-Fetch-Dest: they still must not show the service inside another site's page.
        response.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String host = request.getHeader("Host");
        String why = hosts.refusal(host, request.getLocalAddr());
        if (why != null) {
            refuse(response, HttpStatus.FORBIDDEN, WsaError.WSAEACCES, why, request);
            return;
        }
        boolean guarded = ApiToken.guards(path);
        why = crossSite.refusal(request.getMethod(), request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Sec-Fetch-Dest"), request.getScheme() + "://" + host,
                guarded || path.equals(ApiToken.SESSION_PATH));
        if (why != null) {
            refuse(response, HttpStatus.FORBIDDEN, WsaError.WSAEACCES, why, request);
            return;
        }
        boolean authenticated = token.presented(request);
        if (!authenticated && guarded) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, HttpStatus.UNAUTHORIZED, WsaError.WSAEACCES, "This service requires its token: "
                    + "Authorization: Bearer <sendgate.api-token>, or a session opened by POST " + ApiToken.SESSION_PATH
                    + " (the live page at / asks for it)", request);
            return;
        }
        if (!authenticated && token.required() && isSwaggerPage(path)) {
            // Swagger UI would load and then fail to read the document: let the page ask for the token first.
            response.sendRedirect("/?login=" + java.net.URLEncoder.encode("/swagger-ui/index.html",
                    java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        try {
            QueryString.of(request);
        } catch (QueryString.MalformedException e) {
            refuse(response, HttpStatus.BAD_REQUEST, WsaError.WSAEINVAL, e.getMessage(), request);
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            // a gzip body would otherwise be sent on as it is: the caller meant its decoded bytes
            refuse(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, WsaError.WSAEOPNOTSUPP, "Content-Encoding '" + encoding.trim()
                    + "' is not supported: send the body as it is (identity)", request);
            return;
        }
        BodyLimit.Admission admitted;
        try {
            admitted = bodies.admit(request, path);
        } catch (WsaException e) {
            response.setHeader("Connection", "close");
            Problems.write(response, e, request.getRequestURI());
            return;
        }
        boolean drained = true;
        try {
            chain.doFilter(authenticated ? new Caller(admitted.request()) : admitted.request(), response);
        } finally {
            drained = bodies.release(admitted, request.isAsyncStarted());
        }
        if (!drained) {
            closeAfter(response);
        }
    }

    /**
     * The rest of the body could not be drained (it broke off, came too slowly or passed its limit): the connection
     * closes after this answer. An answer not sent yet says so. One sent already is ended here, before Tomcat's turn:
     * Tomcat takes a body that broke off for a failure of the request, and appended its error page to the answer it
     * had sent (a second problem in the same body), then cut the connection before that answer's end.
     */
    private static void closeAfter(HttpServletResponse response) throws IOException {
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
            return;
        }
        try {
            response.getOutputStream().close();
        } catch (IllegalStateException writerInUse) {
            response.getWriter().close();
        }
    }

    /**
     * A refusal before the body was read: the connection closes after it, so that nothing waits for (or
     * reads) a body the service will not take.
     */
    private static void refuse(HttpServletResponse response, HttpStatus status, WsaError error, String detail,
                               HttpServletRequest request) throws IOException {
        response.setHeader("Connection", "close");
        Problems.write(response, status, error, detail, request.getRequestURI());
    }

    /** The path as the application sees it: decoded, dot segments resolved, {@code ;} parameters dropped. */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String p = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return p.isEmpty() ? "/" : p;
    }

    private static boolean isSwaggerPage(String path) {
        return path.equals("/swagger-ui.html") || path.equals("/swagger-ui/index.html") || path.equals("/swagger-ui/");
    }

    /**
     * An authenticated caller (the token presented, or none required) is a principal, which is what the
     * health endpoint's {@code show-details=when-authorized} asks for (C37: details need the token).
     */
    private static final class Caller extends HttpServletRequestWrapper {
        Caller(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return CALLER;
        }

        @Override
        public boolean isUserInRole(String role) {
            return true;
        }
    }
}
