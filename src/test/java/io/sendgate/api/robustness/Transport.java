package io.sendgate.api.robustness;

import io.sendgate.testing.Bytes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Takes a request to the service and brings back its answer, within {@value #CLIENT_TIMEOUT_MS} ms: over
 * java.net.http where that client can send it as it is, over a plain socket otherwise.
 *
 * <p>Not {@link io.sendgate.testing.RawHttp}, which reads until the server closes the connection: here an
 * answer ends where its own framing says, one that is not complete within the bound is a defect of the
 * service, and of an event stream the head is all the test reads.
 */
final class Transport {
    private static final int CLIENT_TIMEOUT_MS = 5_000;

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    Transport(int port) {
        this.port = port;
    }

    Answer perform(Request r) {
        if (!r.overSocket()) {
            HttpRequest request = httpRequest(r);
            if (request == null) {
                r.raw = r.bytes(port);
            } else {
                long t = System.nanoTime();
                try {
                    HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    Map<String, String> headers = new HashMap<>();
                    resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
                    return new Answer(resp.statusCode(), headers, resp.body(), (System.nanoTime() - t) / 1_000_000, null);
                } catch (IOException e) {
                    return Answer.none("", (System.nanoTime() - t) / 1_000_000, "no answer: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return exchange(r.raw != null ? r.raw : r.bytes(port), r.head, r.stream);
    }

    private HttpRequest httpRequest(Request r) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.target))
                    .timeout(Duration.ofMillis(CLIENT_TIMEOUT_MS));
            for (String[] h : r.headers) {
                b.header(h[0], h[1]);
            }
            b.method(r.method, r.body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(r.body));
            return b.build();
        } catch (IllegalArgumentException notForThisClient) {
            return null;
        }
    }

    /** One request over a plain socket, bounded in time; for a stream, the head only, then the test hangs up. */
    private Answer exchange(byte[] request, boolean head, boolean stream) {
        long t = System.nanoTime();
        long deadline = t + CLIENT_TIMEOUT_MS * 1_000_000L;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(200);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (!stream) {
                    s.shutdownOutput();
                }
            } catch (IOException answeredEarly) {
                // the server may answer and close before it has read everything
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16384];
            while (true) {
                Answer done = parse(got.toByteArray(), head, stream, false, t);
                if (done != null) {
                    return done;
                }
                if (System.nanoTime() > deadline) {
                    return Answer.none(Bytes.show(got.toByteArray(), 300), CLIENT_TIMEOUT_MS,
                            "no complete answer within " + CLIENT_TIMEOUT_MS + " ms");
                }
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException reset) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (IOException e) {
            return Answer.none("", (System.nanoTime() - t) / 1_000_000, "could not connect: " + e);
        }
        Answer last = parse(got.toByteArray(), head, stream, true, t);
        return last != null ? last : Answer.none(Bytes.show(got.toByteArray(), 300),
                (System.nanoTime() - t) / 1_000_000, "the connection closed without a complete answer");
    }

    private static Answer parse(byte[] bytes, boolean head, boolean stream, boolean ended, long started) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // an interim answer (100 Continue to Expect) comes before the final one
        while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
            int skip = text.indexOf("\r\n\r\n") + 4;
            text = text.substring(skip);
            bytes = Arrays.copyOfRange(bytes, skip, bytes.length);
        }
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 ")) {
            return Answer.none(Bytes.show(bytes, 300), 0, "not an HTTP/1.1 status line: " + lines[0]);
        }
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int from = end + 4;
        if (head || status == 204 || status == 304 || (stream && headers.getOrDefault("content-type", "").startsWith("text/event-stream"))) {
            return new Answer(status, headers, new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8), millis, null);
        }
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length);
            if (bytes.length - from >= n) {
                return new Answer(status, headers, new String(bytes, from, n, StandardCharsets.UTF_8), millis, null);
            }
            return null;
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = from;
            while (true) {
                int eol = text.indexOf("\r\n", at);
                if (eol < 0) {
                    return null;
                }
                int size = Integer.parseInt(text.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), millis, null);
                }
                if (eol + 2 + size + 2 > bytes.length) {
                    return null;
                }
                body.write(bytes, eol + 2, size);
                at = eol + 2 + size + 2;
            }
        }
        return ended ? new Answer(status, headers, new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8), millis, null)
                : null;
    }
}
