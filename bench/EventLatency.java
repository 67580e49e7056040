import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Completion to event: how long after a send completed its {@code completion} event reaches a subscriber of
 * {@code GET /api/v1/events} (issue 10, part 5).
 *
 *   java -cp target/bench EventLatency BASE_URL SENDS CLIENTS [LABEL]
 *
 * <p><b>The measure.</b> For each send, the event's own {@code completedAt} (the instant the service ended the
 * operation, from {@code Clock.systemUTC()}: CLOCK_REALTIME, printed to the nanosecond) subtracted from the
 * instant the subscriber's {@code read()} returned the bytes that end that event's data line, read with
 * {@code Instant.now()} from the same clock of the same machine. It covers everything after the completion:
 * the log's append, the wake-up of the stream's writer, the JSON, the write and flush, the loopback transport
 * and the subscriber's own wake-up. It is taken rather than the alternatives because both ends are the
 * instants named in the question: the moment the HTTP answer of a send arrives comes after the completion and
 * after the answer's own write, so measuring from it would leave out a variable part and could even go
 * negative; timing on the service's side would leave out the transport and the subscriber's wake-up. The
 * subscriber only copies bytes and reads the clock while measuring; it parses afterwards, so a slow parse never
 * delays the next timestamp. A latency below zero would mean the two clock readings disagree: the count of those
 * is printed and must be 0.
 *
 * <p><b>The reference.</b> A plain loopback TCP pair in this process: a writer (TCP_NODELAY, as Tomcat's
 * connector) hands the reader one line holding its {@code Instant.now()} per message, and the reader subtracts
 * it from the instant its {@code read()} returned: the same clock, the same wake-up of a blocked reader, the
 * same transport, and nothing of the service. It runs side by side with the sends, at the pace the sends
 * reached in the block before, so that it meets the same load on the same cores: on a machine whose cores the
 * sends keep busy, a woken thread waits for one, and the reference shows what that costs any reader.
 *
 * <p><b>The load.</b> {@code CLIENTS} clients, each on its own keep-alive HTTP connection and its own socket to a
 * loopback sink that reads, issue 16-byte overlapped JSON sends back to back (the next when the answer arrived);
 * the subscriber filters on those sockets. Warm-up sends (a fifth of the count, at least 1,000) come first and
 * are not counted. Every loop is bounded by count and by time; every target is loopback.
 */
public class EventLatency {
    private static final String BODY = "{\"buffers\":[{\"base64\":\"AAECAwQFBgcICQoLDA0ODw==\"}]}";
    private static final int BLOCKS = 10;
    private static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(5);

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int sends = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        String label = args.length > 3 ? args[3] : "";
        new EventLatency(base, clients).run(sends, label);
    }

    private final String base;
    private final int clients;
    private final long deadline = System.nanoTime() + DEADLINE_NANOS;

    EventLatency(String base, int clients) {
        this.base = base;
        this.clients = clients;
    }

    void run(int sends, String label) throws Exception {
        try (Bench.Sink sink = new Bench.Sink(); Reference reference = new Reference()) {
            String[] sockets = new String[clients];
            for (int c = 0; c < clients; c++) {
                sockets[c] = Bench.openTcp(base, sink.port(), "");
            }
            int warmUp = Math.max(1_000, sends / 5);
            try (Subscriber events = new Subscriber(base, sockets, warmUp + sends)) {
                long t0 = System.nanoTime();
                sendBlock(sockets, warmUp, events);
                long pace = (System.nanoTime() - t0) / warmUp;
                List<Long> gate = new ArrayList<>();
                List<Long> ref = new ArrayList<>();
                int perBlock = Math.max(clients, sends / BLOCKS);
                for (int done = 0; done < sends && System.nanoTime() < deadline; done += perBlock) {
                    int n = Math.min(perBlock, sends - done);
                    t0 = System.nanoTime();
                    reference.start(pace, n);
                    List<Long> ids = sendBlock(sockets, n, events);
                    ref.addAll(reference.stop());
                    pace = (System.nanoTime() - t0) / n;
                    gate.addAll(events.latencies(ids));
                }
                report(label, gate, ref, events.negative());
            }
        }
    }

    /** Each client sends its share back to back; returns when every one of their events has arrived. */
    private List<Long> sendBlock(String[] sockets, int n, Subscriber events) throws Exception {
        List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Exception> failed = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            String socket = sockets[c];
            int share = n / clients + (c < n % clients ? 1 : 0);
            Thread t = new Thread(() -> {
                try (KeepAlive http = new KeepAlive(base)) {
                    for (int i = 0; i < share && System.nanoTime() < deadline; i++) {
                        String answer = http.post("/api/v1/sockets/" + socket + "/sends", BODY);
                        ids.add(Long.parseLong(Bench.field(answer, "id")));
                    }
                } catch (Exception e) {
                    failed.set(e);
                } finally {
                    done.countDown();
                }
            }, "client-" + c);
            t.start();
        }
        if (!done.await(DEADLINE_NANOS, TimeUnit.NANOSECONDS) || failed.get() != null) {
            throw new IllegalStateException("clients failed", failed.get());
        }
        events.awaitAll(ids);
        return ids;
    }

    private void report(String label, List<Long> gate, List<Long> ref, long negative) {
        long[] g = sorted(gate);
        long[] r = sorted(ref);
        String suffix = label.isEmpty() ? "" : "_" + label;
        System.out.printf("completion to event, %d client(s), %d sends: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                clients, g.length, ms(pct(g, 50)), ms(pct(g, 99)), ms(g[g.length - 1]));
        System.out.printf("reference loopback line, %d messages at the same pace, side by side: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                r.length, ms(pct(r, 50)), ms(pct(r, 99)), ms(r[r.length - 1]));
        System.out.printf("p99 event/reference ratio %.1f; events earlier than their completedAt (must be 0): %d%n",
                pct(g, 99) / (double) Math.max(1, pct(r, 99)), negative);
        System.out.printf("RESULT event_reference_p99_ms%s=%.3f%n", suffix, ms(pct(r, 99)));
        System.out.printf("RESULT event_p99_ms%s=%.3f%n", suffix, ms(pct(g, 99)));
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * Keep-alive HTTP/1.1 requests one after another, as a client that reuses its connection; it opens a new one
     * when the server closes it (Tomcat does after maxKeepAliveRequests, 100 by default).
     */
    static final class KeepAlive implements AutoCloseable {
        private final URI uri;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        KeepAlive(String base) {
            uri = URI.create(base);
        }

        /** @return the answer's body; anything but 200 or 202 fails */
        String post(String path, String json) throws IOException {
            if (socket == null) {
                socket = new Socket(uri.getHost(), uri.getPort());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                in = new java.io.BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            out.write(request);
            String status = line();
            int length = -1;
            boolean chunked = false;
            boolean closes = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closes = true;
                }
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    answer.write(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                answer.write(in.readNBytes(Math.max(0, length)));
            }
            if (closes) {
                close();
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.1 202")) {
                throw new IOException(status + " " + text);
            }
            return text;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    /**
     * The event stream, read raw off its socket: while measuring, the reader thread only keeps the bytes and the
     * instant each read returned; the chunked framing and the events are parsed afterwards.
     */
    static final class Subscriber implements AutoCloseable {
        private final Socket socket;
        /** The stream as it came, and where each read ended and when: sized for the events expected, bounded. */
        private final byte[] raw;
        private final long[] readEnd;
        private final long[] readAt;
        private volatile int reads;
        private volatile int length;
        /** What the parse found so far: operation id to latency; and how far it got. */
        private final Map<Long, Long> latency = new HashMap<>();
        private final StreamParser parser = new StreamParser();
        private int parsedReads;
        private long negative;

        Subscriber(String base, String[] sockets, int events) throws IOException {
            // an event is some 300 bytes; a read returns one event or more, or a heartbeat
            raw = new byte[(int) Math.min(Integer.MAX_VALUE - 8, 1024L * events + (1 << 20))];
            readEnd = new long[2 * events + 10_000];
            readAt = new long[readEnd.length];
            URI uri = URI.create(base);
            StringBuilder query = new StringBuilder();
            for (String s : sockets) {
                query.append(query.length() == 0 ? "?" : "&").append("socketId=").append(s);
            }
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.getOutputStream().write(("GET /api/v1/events" + query + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread t = new Thread(this::read, "subscriber");
            t.setDaemon(true);
            t.start();
            // the stream's opening comment: from here on no completion is missed
            for (int i = 0; i < 10_000 && reads == 0; i++) {
                LockSupport.parkNanos(1_000_000);
            }
            if (reads == 0) {
                throw new IOException("the event stream did not open");
            }
        }

        private void read() {
            try (InputStream in = socket.getInputStream()) {
                while (length < raw.length && reads < readAt.length) {
                    int n = in.read(raw, length, Math.min(65536, raw.length - length));
                    long at = epochNanos(Instant.now());
                    if (n < 0) {
                        return;
                    }
                    readEnd[reads] = length + n;
                    readAt[reads] = at;
                    length += n;
                    reads++;
                }
            } catch (IOException closed) {
                // closed at the end
            }
        }

        /** Waits (bounded) until the events of all these operations have arrived. */
        void awaitAll(List<Long> ids) throws InterruptedException {
            for (int i = 0; i < 30_000; i++) {
                parse();
                if (ids.stream().allMatch(latency::containsKey)) {
                    return;
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("the events of some sends never arrived");
        }

        List<Long> latencies(List<Long> ids) {
            List<Long> out = new ArrayList<>(ids.size());
            for (long id : ids) {
                out.add(latency.get(id));
            }
            return out;
        }

        long negative() {
            return negative;
        }

        private void parse() {
            int upTo = reads;
            for (; parsedReads < upTo; parsedReads++) {
                int from = parsedReads == 0 ? 0 : (int) readEnd[parsedReads - 1];
                for (StreamParser.Data d : parser.feed(raw, from, (int) readEnd[parsedReads])) {
                    long l = readAt[parsedReads] - d.completedAt();
                    if (l < 0) {
                        negative++;
                    }
                    latency.put(d.operationId(), l);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The stream's bytes as they come: HTTP head, then chunked framing around text/event-stream lines. */
    static final class StreamParser {
        record Data(long operationId, long completedAt) {
        }

        private boolean inHead = true;
        /** Bytes of the current chunk still to come; 0 between chunks (a chunk may end inside a line). */
        private long chunkLeft;
        private final StringBuilder framing = new StringBuilder();
        private final StringBuilder line = new StringBuilder();

        List<Data> feed(byte[] b, int from, int to) {
            List<Data> out = new ArrayList<>();
            for (int i = from; i < to; i++) {
                char c = (char) (b[i] & 0xff);
                if (chunkLeft == 0) {
                    frame(c);
                    continue;
                }
                chunkLeft--;
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String l = line.toString();
                line.setLength(0);
                if (l.startsWith("data: {") && l.contains("\"completedAt\"")) {
                    out.add(new Data(Long.parseLong(Bench.field(l, "id")),
                            epochNanos(Instant.parse(Bench.field(l, "completedAt")))));
                }
            }
            return out;
        }

        /** Header lines, then each chunk's size line and the empty line that ends the chunk before it. */
        private void frame(char c) {
            if (c != '\n') {
                framing.append(c);
                return;
            }
            String l = framing.toString().trim();
            framing.setLength(0);
            if (inHead) {
                inHead = !l.isEmpty();
            } else if (!l.isEmpty()) {
                chunkLeft = Long.parseLong(l, 16);
            }
        }
    }

    /**
     * The reference: one loopback TCP connection, a writer thread handing timestamped lines to a reader thread
     * while the sends go on.
     */
    static final class Reference implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final Socket writer;
        private final Socket reader;
        private final java.util.concurrent.BlockingQueue<Long> arrived = new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile boolean stopping;
        private Thread running;
        private int written;
        private IOException failed;

        Reference() throws IOException {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            writer = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            writer.setTcpNoDelay(true);
            reader = server.accept();
            Thread t = new Thread(this::read, "reference-reader");
            t.setDaemon(true);
            t.start();
        }

        /** Hands over one line every {@code paceNanos}, at most {@code max}, from a thread of its own until stopped. */
        void start(long paceNanos, int max) {
            stopping = false;
            written = 0;
            running = new Thread(() -> write(paceNanos, max), "reference-writer");
            running.start();
        }

        private void write(long paceNanos, int max) {
            try {
                OutputStream out = writer.getOutputStream();
                long next = System.nanoTime();
                for (; written < max && !stopping; written++) {
                    next += paceNanos;
                    out.write((epochNanos(Instant.now()) + "\n").getBytes(StandardCharsets.US_ASCII));
                    for (long left = next - System.nanoTime(); left > 0 && !stopping; left = next - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                }
            } catch (IOException e) {
                failed = e;
            }
        }

        /** Stops the writer; the latencies of every line it wrote, once they all arrived. */
        List<Long> stop() throws Exception {
            stopping = true;
            running.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
            List<Long> out = new ArrayList<>(written);
            for (int i = 0; i < written; i++) {
                Long l = arrived.poll(30, TimeUnit.SECONDS);
                if (l == null) {
                    throw new IllegalStateException("reference lines lost", failed);
                }
                out.add(l);
            }
            return out;
        }

        private void read() {
            byte[] buf = new byte[65536];
            long value = 0;
            try (InputStream in = reader.getInputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    long at = epochNanos(Instant.now());
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            arrived.add(at - value);
                            value = 0;
                        } else {
                            value = value * 10 + (buf[i] - '0');
                        }
                    }
                }
            } catch (IOException closed) {
                // closed at the end
            }
        }

        @Override
        public void close() throws IOException {
            writer.close();
            reader.close();
            server.close();
        }
    }
}
