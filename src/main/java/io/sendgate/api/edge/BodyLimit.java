package io.sendgate.api.edge;

import io.sendgate.api.RequestTooLargeException;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.Limits;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
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

    /**
     * How long what a refused call left unread of its body is drained, so that its client (still writing)
     * reads the refusal instead of a reset. A client slower than that is cut off.
     */
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(5);

    private final Limits limits;
    private final ByteBudget budget;
    private final Semaphore reading;

    public BodyLimit(Limits limits, ByteBudget budget) {
        this.limits = limits;
        this.budget = budget;
        this.reading = new Semaphore(limits.maxConcurrentBodies());
    }

    /** The limit, the heap reservation and the reading permit of one request. */
    public record Admission(HttpServletRequest request, long reserved, boolean permit) {
    }

    /**
     * @return the request to go on with (bounded when its length is not declared) and what was reserved
     * @throws RequestTooLargeException   over the limit (413)
     * @throws io.sendgate.core.WsaException WSAENOBUFS when the budget cannot hold what parsing may hold (503)
     */
    public Admission admit(HttpServletRequest request, String path) {
        long declared = request.getContentLengthLong();
        boolean hasBody = declared > 0 || declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (!hasBody) {
            return new Admission(request, 0, false);
        }
        boolean send = SEND.matcher(path).matches();
        long max = send ? limits.maxRequestBytes() : limits.maxControlRequestBytes();
        String setting = send ? "sendgate.limits.max-request-size" : "sendgate.limits.max-control-request-size";
        if (declared > max) {
            throw new RequestTooLargeException("The request body of " + declared + " bytes is larger than " + max
                    + " (" + setting + ")");
        }
        // Reading a body holds a request thread for as long as its client takes to send it: a few clients
        // trickling bodies must not take every thread (C38).
        if (!reading.tryAcquire()) {
            throw new WsaException(WsaError.WSAENOBUFS, limits.maxConcurrentBodies() + " request bodies are being "
                    + "read (sendgate.limits.max-concurrent-bodies); try again when one has arrived");
        }
        long heap = send ? 0 : declared >= 0 ? declared : max;
        try {
            if (heap > 0) {
                budget.reserve(heap);
            }
        } catch (RuntimeException e) {
            reading.release();
            throw e;
        }
        return new Admission(declared >= 0 ? request : new Bounded(request, max, setting), heap, true);
    }

    /**
     * After the call: drains (for a bounded time) what it left unread of the body, then gives back the
     * reservation and the permit. The container itself never drains (server.tomcat.max-swallow-size=0):
     * it would do so on a thread no permit counts, for as long as the client trickles.
     *
     * @return false when the body could not be drained in time: the connection must not be reused
     */
    public boolean release(Admission admission, boolean stillReading) {
        boolean drained = true;
        try {
            if (admission.permit() && !stillReading) {
                drained = drain(admission.request());
            }
        } finally {
            if (admission.reserved() > 0) {
                budget.release(admission.reserved());
            }
            if (admission.permit()) {
                reading.release();
            }
        }
        return drained;
    }

    private static boolean drain(HttpServletRequest request) {
        long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
        try {
            ServletInputStream in = request.getInputStream();
            if (in.isFinished()) {
                // the call read its whole body, as every send does
                return true;
            }
            byte[] skip = new byte[16 * 1024];
            while (System.nanoTime() - deadline < 0) {
                if (in.read(skip) < 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException unreadable) {
            // the client went, the body broke, it passed its limit, or the call read it as characters
            return false;
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

                    @Override
                    public int read(java.nio.ByteBuffer buffer) throws IOException {
                        // the container's own copy into the buffer, not one through a byte array
                        int n = in.read(buffer);
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
