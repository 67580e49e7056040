package io.sendgate.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;

/**
 * A large response body written with the servlet's non-blocking output (C38): a blocking write to a client
 * that never reads holds a request thread until the connection times out, and a few hundred such clients
 * asking for a receive's megabytes took every thread, health included. Here the body is written as the
 * client takes it, and no thread waits meanwhile.
 */
final class NonBlockingBody {
    private static final int CHUNK = 64 << 10;

    private NonBlockingBody() {
    }

    /**
     * Sends {@code body} whole, or closes the connection after {@code within} (a client that stopped
     * reading); the caller has set the status and headers.
     */
    static void send(HttpServletRequest request, HttpServletResponse response, byte[] body, Duration within)
            throws IOException {
        response.setContentLengthLong(body.length);
        ServletOutputStream out = response.getOutputStream();
        AsyncContext async = request.startAsync();
        async.setTimeout(within.toMillis());
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                // the body cannot be finished: completing leaves it short, and the container closes the connection
                async.complete();
            }

            @Override
            public void onError(AsyncEvent event) {
                async.complete();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        out.setWriteListener(new WriteListener() {
            private int at;

            @Override
            public void onWritePossible() throws IOException {
                while (out.isReady()) {
                    if (at == body.length) {
                        async.complete();
                        return;
                    }
                    int n = Math.min(CHUNK, body.length - at);
                    out.write(body, at, n);
                    at += n;
                }
            }

            @Override
            public void onError(Throwable t) {
                async.complete();
            }
        });
    }
}
