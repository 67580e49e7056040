import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sendgate's benchmarks, each against a reference measured side by side in the same run.
 *
 *   java -cp target/bench Bench throughput BASE_URL MIB RUNS   large octet-stream send, captured and streamed
 *                                                            (?stream=true), vs a plain NIO client
 *
 * (bench/run.sh compiles bench/*.java into target/bench; other benchmarks there share the helpers below.)
 *
 * Every loop is bounded; every target is loopback.
 */
public class Bench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "throughput" -> throughput(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "socket" -> System.out.println(open(args[1], args.length > 3 ? args[3] : "TCP", Integer.parseInt(args[2]), ""));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** A loopback sink that reads and discards everything from every connection. */
    static final class Sink implements AutoCloseable {
        final ServerSocket server;
        final AtomicLong received = new AtomicLong();

        Sink() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            Thread t = new Thread(this::accept, "sink");
            t.setDaemon(true);
            t.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread r = new Thread(() -> drain(s), "sink-reader");
                    r.setDaemon(true);
                    r.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void drain(Socket s) {
            byte[] buf = new byte[1 << 20];
            try (s; InputStream in = s.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received.addAndGet(n);
                }
            } catch (IOException ignored) {
                // the sender closed
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        void awaitReceived(long total) throws InterruptedException {
            for (int i = 0; i < 60_000 && received.get() < total; i++) {
                Thread.sleep(1);
            }
            if (received.get() < total) {
                throw new IllegalStateException("sink got " + received.get() + " of " + total);
            }
        }
    }

    static void throughput(String base, int mib, int runs) throws Exception {
        long size = (long) mib << 20;
        Path body = Files.createTempFile("sendgate-bench", ".bin");
        byte[] block = new byte[1 << 20];
        new java.util.Random(1).nextBytes(block);
        for (int i = 0; i < mib; i++) {
            Files.write(body, block, java.nio.file.StandardOpenOption.APPEND);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect((int) Math.min(size, Integer.MAX_VALUE - 8));
        for (int i = 0; i < mib; i++) {
            direct.put(block);
        }
        double[] nio = new double[runs];
        double[] gate = new double[runs];
        double[] streamed = new double[runs];
        try (Sink sink = new Sink()) {
            String socket = openTcp(base, sink.port(), "");
            // warm-up of both modes: JIT, first-touch of native memory
            sendOctetsRaw(base, socket, direct.flip(), (int) size, false);
            sendOctetsRaw(base, socket, direct, (int) size, true);
            sink.awaitReceived(2 * size);
            // alternate the three so that drift in the machine's load hits all alike
            for (int r = 0; r < runs; r++) {
                long before = sink.received.get();
                long t0 = System.nanoTime();
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), sink.port()))) {
                    ByteBuffer b = direct.duplicate().position(0).limit((int) size);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                sink.awaitReceived(before + size);
                nio[r] = mibPerSecond(size, System.nanoTime() - t0);

                before = sink.received.get();
                t0 = System.nanoTime();
                sendOctetsRaw(base, socket, direct, (int) size, false);
                sink.awaitReceived(before + size);
                gate[r] = mibPerSecond(size, System.nanoTime() - t0);

                before = sink.received.get();
                t0 = System.nanoTime();
                sendOctetsRaw(base, socket, direct, (int) size, true);
                sink.awaitReceived(before + size);
                streamed[r] = mibPerSecond(size, System.nanoTime() - t0);
            }
        } finally {
            Files.deleteIfExists(body);
        }
        Arrays.sort(nio);
        Arrays.sort(gate);
        Arrays.sort(streamed);
        double nioMedian = nio[runs / 2];
        double gateMedian = gate[runs / 2];
        double streamedMedian = streamed[runs / 2];
        System.out.printf("throughput: %d MiB x %d runs, medians: NIO client %.0f MiB/s, sendgate octet-stream %.0f MiB/s "
                        + "(ratio %.2f), sendgate streaming %.0f MiB/s (ratio %.2f)%n",
                mib, runs, nioMedian, gateMedian, gateMedian / nioMedian, streamedMedian, streamedMedian / nioMedian);
        System.out.printf("throughput runs (MiB/s): NIO %s | sendgate %s | sendgate streaming %s%n", fmt(nio), fmt(gate),
                fmt(streamed));
        System.out.printf("RESULT large_send_vs_raw=%.2f%nRESULT large_send_streamed_vs_raw=%.2f%n",
                gateMedian / nioMedian, streamedMedian / nioMedian);
    }

    /**
     * One overlapped octet-stream send whose HTTP request is written from the same direct buffer with the
     * same NIO calls as the reference, so the two differ only by what sendgate does: the JDK's HttpClient
     * uploads at a few hundred MiB/s here and would measure itself rather than the service.
     *
     * @param stream with ?stream=true: the send starts while its body arrives
     */
    static void sendOctetsRaw(String base, String socket, ByteBuffer body, int size, boolean stream) throws Exception {
        URI uri = URI.create(base);
        String head = "POST /api/v1/sockets/" + socket + "/sends" + (stream ? "?stream=true" : "")
                + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n";
        String answer;
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()))) {
            ByteBuffer h = ByteBuffer.wrap(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            while (h.hasRemaining()) {
                ch.write(h);
            }
            ByteBuffer b = body.duplicate().position(0).limit(size);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (ch.read(in.clear()) > 0) {
                out.write(in.array(), 0, in.position());
            }
            answer = out.toString(java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (answer.startsWith("HTTP/1.1 202")) {
            String done = get(base + "/api/v1/operations/" + field(answer, "id") + "?waitMs=60000");
            if (!done.contains("\"COMPLETED\"")) {
                throw new IllegalStateException(done);
            }
        } else if (!answer.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException(answer);
        }
    }

    /** One overlapped octet-stream send, waited on until the operation ends. */
    static void sendOctets(String base, String socket, Path body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sockets/" + socket + "/sends"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 202) {
            String id = field(r.body(), "id");
            String done = get(base + "/api/v1/operations/" + id + "?waitMs=60000");
            if (!done.contains("\"COMPLETED\"")) {
                throw new IllegalStateException(done);
            }
        } else if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
    }

    static String jcmd(String pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    static String openTcp(String base, int port, String extra) throws Exception {
        return open(base, "TCP", port, extra);
    }

    static String open(String base, String type, int port, String extra) throws Exception {
        HttpResponse<String> r = post(base + "/api/v1/sockets",
                "{\"type\":\"" + type + "\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":" + port + extra + "}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return field(r.body(), "id");
    }

    static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static double mibPerSecond(long bytes, long nanos) {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(String.format("%.0f ", d));
        }
        return b.toString().trim();
    }
}
