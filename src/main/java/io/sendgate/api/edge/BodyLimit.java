package io.sendgate.api.edge;

import io.sendgate.api.RequestTooLargeException;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.Limits;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * C34, C39: the size of a request body, checked on the normalised path before a byte is read. A send
 * body (JSON, octet-stream or multipart) may be as large as {@code max-request-size}: it streams into native
 * memory, which its payload reserves from the budget as it grows, so the heap holds only a window. Every
 * other body is parsed in the heap, so it is capped at {@code max-control-request-size}, and reserved whole
 * from {@code max-bytes-in-flight} before it is read. A declared length over the limit is refused at once;
 * a chunked body is cut off when it passes the limit.
 */
public final class BodyLimit {
    private static final Pattern SEND = Pattern.compile("/api/v1/sockets/[^/]+/sends(/batch)?");

    private final Limits limits;
    private final ByteBudget budget;

    public BodyLimit(Limits limits, ByteBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** The limit and the heap reservation of one request. */
    public record Admission(HttpServletRequest request, long reserved) {
    }

    /**
     * @return the request to go on with (bounded when its length is not declared) and what was reserved
     * @throws RequestTooLargeException   over the limit (413)
     * @throws io.sendgate.core.WsaException WSAENOBUFS when the budget cannot hold what parsing may hold (503)
     */
    public Admission admit(HttpServletRequest request, String path) {
        boolean send = SEND.matcher(path).matches();
        long max = send ? limits.maxRequestBytes() : limits.maxControlRequestBytes();
        String setting = send ? "sendgate.limits.max-request-size" : "sendgate.limits.max-control-request-size";
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw new RequestTooLargeException("The request body of " + declared + " bytes is larger than " + max
                    + " (" + setting + ")");
        }
        boolean hasBody = declared > 0 || declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            return new Admission(request, 0);
        }
        long heap = send ? 0 : declared >= 0 ? declared : max;
        if (heap > 0) {
            budget.reserve(heap);
        }
        return new Admission(declared >= 0 ? request : new Bounded(request, max, setting), heap);
    }

    public void release(Admission admission) {
        if (admission.reserved() > 0) {
            budget.release(admission.reserved());
        }
    }

    /** A body of undeclared length, cut off once it passes {@code max}. */
    private static final class Bounded extends HttpServletRequestWrapper {
        private final long max;
        private final String setting;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long max, String setting) {
            super(request);
            this.max = max;
            this.setting = setting;
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
                        if (read > max) {
                            throw new RequestTooLargeException("The request body passed " + max + " bytes (" + setting + ")");
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
