package io.sendgate.api;

import io.sendgate.core.Limits;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * C34: no request body beyond {@code sendgate.limits.max-request-size}. A declared length is refused
 * before a byte is read; a chunked body is cut off when it passes the limit.
 */
@Component
class RequestSizeFilter extends OncePerRequestFilter {
    private final long limit;

    RequestSizeFilter(Limits limits) {
        this.limit = limits.maxRequestBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, WsaError.WSAENOBUFS, "The request body of "
                    + request.getContentLengthLong() + " bytes is larger than " + limit
                    + " (sendgate.limits.max-request-size)", request.getRequestURI());
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Bounded(request, limit) : request, response);
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) {
                        read += n;
                        if (read > limit) {
                            throw new WsaException(WsaError.WSAENOBUFS, "The request body passed "
                                    + limit + " bytes (sendgate.limits.max-request-size)");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
