import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale: N sockets, each with one pending send, on the service's one epoll thread; then the peers drain
 * and every send must complete.
 *
 *   java -cp target/bench Scale BASE_URL SOCKETS SERVICE_PID
 *
 * The peer is a {@link HoldingSink} in this process; sockets are opened and sent on through the REST API
 * by a few HTTP clients at once. Reported: the service's heap after GC, its resident set and its own
 * budget figure, its threads and descriptors, the classes whose instances grew with the sockets, and the
 * time from the sink starting to read until the service has no send pending. The reference for that time
 * is {@link NioWriters}: the same number of connections with the same payload, SO_SNDBUF and sink,
 * written by a plain NIO program on one selector thread. Where a limit of this machine leaves no room for
 * N, it says which, and goes as far as it allows.
 */
public final class Scale {
    /** SO_SNDBUF of every socket (the kernel doubles it, and keeps at least its minimum of about 4.5 KiB). */
    static final int SEND_BUFFER = 2048;
    /**
     * The kernel takes at most the sender's send buffer plus the receiver's receive buffer (4.5 KiB + 4 KiB
     * after doubling) of a connection whose peer does not read: a send of 16 KiB stays pending for sure.
     */
    static final int PAYLOAD = 16 * 1024;
    private static final int CLIENTS = 4;
    private static final int ADDRESSES = 8;
    private static final int PORTS_PER_ADDRESS = 2;
    /** Descriptors each process keeps free for everything else: HTTP connections, jcmd's attach socket. */
    private static final int HEADROOM = 64;
    private static final long OPEN_TIMEOUT_S = 1800;
    private static final long DRAIN_TIMEOUT_MS = 600_000;
    private static final long DRAIN_POLL_MS = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int asked = Integer.parseInt(args[1]);
        String pid = args[2];
        try (HoldingSink sink = new HoldingSink(ADDRESSES, PORTS_PER_ADDRESS)) {
            int n = room(asked, pid);
            System.out.printf("scale: %d sockets, each with one pending %d KiB send, to %d loopback endpoints "
                    + "(%d addresses x %d ports), SO_SNDBUF %d, sink SO_RCVBUF %d%n", n, PAYLOAD / 1024,
                    sink.endpoints().size(), ADDRESSES, PORTS_PER_ADDRESS, SEND_BUFFER, HoldingSink.RECEIVE_BUFFER);
            ProcessFigures idle = ProcessFigures.of(pid);
            Map<String, long[]> before = ProcessFigures.histogram(pid);
            double completedBefore = metric(base, "sendgate_operations_total{kind=\"SEND\",outcome=\"COMPLETED\"");

            long t0 = System.nanoTime();
            Opened opened = open(base, sink.endpoints(), n);
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("scale: opened %d sockets in %.1f s (%.0f/s, open + send per socket), %d sends pending%n",
                    opened.count(), openSeconds, opened.count() / openSeconds, opened.pending());
            if (opened.failure() != null) {
                System.out.println("scale: opening stopped: " + opened.failure());
            }
            System.out.printf("scale: the sink accepted %d connections%s%n", sink.awaitAccepted(opened.count(), 30_000),
                    sink.acceptFailure() == null ? "" : " (" + sink.acceptFailure() + ")");

            ProcessFigures loaded = ProcessFigures.of(pid);
            report(base, opened.count(), idle, loaded);
            footprint(before, ProcessFigures.histogram(pid), opened.count());

            Drain gate = drainService(base, pid, sink, opened, completedBefore);
            sink.closeAccepted();
            Drain ref = drainReference(sink, opened.count());
            System.out.printf("scale: drain, %d connections x %d KiB: sendgate %.2f s (its epoll thread's CPU %.2f s), "
                            + "NIO writers %.2f s (their selector thread's CPU %.2f s)%n", opened.count(), PAYLOAD / 1024,
                    gate.seconds(), gate.ioThreadCpuMs() / 1e3, ref.seconds(), ref.ioThreadCpuMs() / 1e3);
            System.out.printf("RESULT scale_sockets=%d%n", opened.count());
            System.out.printf("RESULT scale_heap_mib=%.0f%n", loaded.heapUsedKb() / 1024.0);
            System.out.printf("RESULT scale_drain_ratio=%.2f%n", ref.seconds() / gate.seconds());
            System.out.printf("RESULT scale_drain_cpu_ratio=%.2f%n", ref.ioThreadCpuMs() / (double) Math.max(gate.ioThreadCpuMs(), 10));
        }
    }

    /** How long a drain took, and the CPU time of the one thread that continued the writes. */
    private record Drain(double seconds, long ioThreadCpuMs) {
    }

    /** A limit of this machine, and how many of the sockets it leaves room for. */
    private record Room(String limit, String detail, long sockets) {
    }

    /**
     * How many of the sockets asked for this machine has room for, and, when fewer, which limits say so: each
     * socket is a descriptor in the service and one in this process (the sink's side of it), later one more
     * in the reference's process and this one, and a port of the ephemeral range towards one of the sink's
     * endpoints, which the service's connections keep while the reference's are made.
     */
    private static int room(int asked, String pid) throws Exception {
        String[] range = read("/proc/sys/net/ipv4/ip_local_port_range").split("\\s+");
        String[] files = read("/proc/sys/fs/file-nr").split("\\s+");
        List<Room> rooms = List.of(
                new Room("RLIMIT_NOFILE", "the service's open-file limit (" + ProcessFigures.fileLimit(pid) + ")",
                        ProcessFigures.fileLimit(pid) - ProcessFigures.descriptors(pid) - HEADROOM),
                new Room("RLIMIT_NOFILE", "the sink's (this process's) open-file limit ("
                        + ProcessFigures.fileLimit("self") + ")",
                        ProcessFigures.fileLimit("self") - ProcessFigures.descriptors("self") - HEADROOM),
                new Room("ip_local_port_range", "the ephemeral ports towards the sink's " + ADDRESSES * PORTS_PER_ADDRESS
                        + " endpoints (two connections each)", (Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1)
                        * ADDRESSES * PORTS_PER_ADDRESS / 2),
                new Room("fs.file-max", "the system's open files (three per socket)",
                        (Long.parseLong(files[2]) - Long.parseLong(files[0])) / 3));
        long room = rooms.stream().mapToLong(Room::sockets).min().orElseThrow();
        if (room >= asked) {
            return asked;
        }
        for (Room r : rooms) {
            if (r.sockets() < asked) {
                System.out.printf("scale: %d sockets asked; %s leaves room for %d%n", asked, r.detail(), r.sockets());
            }
        }
        System.out.printf("scale: (fs.nr_open is %s; a hard limit is raised only with CAP_SYS_RESOURCE, which this "
                + "process %s)%n", read("/proc/sys/fs/nr_open"), hasSysResource() ? "has" : "lacks");
        rooms.stream().filter(r -> r.sockets() == room).findFirst()
                .ifPresent(r -> System.out.printf("scale: the count reached is this machine's, short of %d: %s stops it%n",
                        asked, r.limit()));
        return (int) room;
    }

    /** CAP_SYS_RESOURCE (bit 24) in this process's effective capabilities. */
    private static boolean hasSysResource() throws Exception {
        for (String line : read("/proc/self/status").split("\n")) {
            if (line.startsWith("CapEff:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 24)) != 0;
            }
        }
        return false;
    }

    record Opened(int count, int pending, String failure) {
    }

    /** Opens up to {@code n} sockets with one send each, from a few clients at once; stops at the first failure. */
    private static Opened open(String base, List<InetSocketAddress> endpoints, int n) throws Exception {
        byte[] payload = new byte[PAYLOAD];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        AtomicInteger pending = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        Progress progress = new Progress();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                for (int i; failure.get() == null && (i = next.getAndIncrement()) < n; ) {
                    try {
                        if (openAndSend(base, endpoints.get(i % endpoints.size()), payload)) {
                            pending.incrementAndGet();
                        }
                        progress.note(count.incrementAndGet());
                    } catch (Exception e) {
                        failure.compareAndSet(null, "socket " + (i + 1) + ": " + e.getMessage());
                    }
                }
            });
        }
        clients.shutdown();
        if (!clients.awaitTermination(OPEN_TIMEOUT_S, TimeUnit.SECONDS)) {
            failure.compareAndSet(null, "opening took longer than " + OPEN_TIMEOUT_S + " s");
            clients.shutdownNow();
        }
        return new Opened(count.get(), pending.get(), failure.get());
    }

    /** Prints the opening rate every 5,000 sockets: a rate that falls as the pool grows is a cost per socket that grows with it. */
    private static final class Progress {
        private long since = System.nanoTime();

        synchronized void note(int done) {
            if (done % 5_000 == 0) {
                long now = System.nanoTime();
                System.out.printf("scale: %d open (%.0f/s over the last 5,000)%n", done, 5_000 / ((now - since) / 1e9));
                since = now;
            }
        }
    }

    /** @return whether the send is pending */
    private static boolean openAndSend(String base, InetSocketAddress to, byte[] payload) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sockets"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"TCP\",\"remoteHost\":\"" + to.getHostString()
                        + "\",\"remotePort\":" + to.getPort() + ",\"sendBufferBytes\":" + SEND_BUFFER + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("open: " + r.statusCode() + " " + r.body());
        }
        r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sockets/" + Bench.field(r.body(), "id") + "/sends"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202 && r.statusCode() != 200) {
            throw new IllegalStateException("send: " + r.statusCode() + " " + r.body());
        }
        return r.statusCode() == 202;
    }

    private static void report(String base, int sockets, ProcessFigures idle, ProcessFigures loaded) throws Exception {
        System.out.printf("scale: service heap after GC %.0f MiB (%.0f MiB before the sockets: %.2f KiB per socket)%n",
                loaded.heapUsedKb() / 1024.0, idle.heapUsedKb() / 1024.0,
                (loaded.heapUsedKb() - idle.heapUsedKb()) / (double) Math.max(sockets, 1));
        System.out.printf("scale: service native memory: RSS %.0f MiB (%.0f before); the JVM's own (NMT) %s; "
                        + "send buffers the driver holds %.0f MiB; budget held %.0f of %.0f MiB%n",
                loaded.rssKb() / 1024.0, idle.rssKb() / 1024.0,
                loaded.nmtCommittedKb() < 0 ? "not tracked" : String.format("%.0f MiB", loaded.nmtCommittedKb() / 1024.0),
                metric(base, "sendgate_native_buffers_bytes{use=\"live\"") / (1 << 20),
                metric(base, "sendgate_memory_held_bytes") / (1 << 20),
                metric(base, "sendgate_memory_held_limit_bytes") / (1 << 20));
        System.out.printf("scale: service threads: %d JVM threads (%d before), %d epoll thread(s), %d OS threads; "
                + "open descriptors %d (%d before)%n", loaded.javaThreads(), idle.javaThreads(), loaded.epollThreads(),
                loaded.osThreads(), loaded.fds(), idle.fds());
        System.out.println("scale: kernel: " + read("/proc/net/sockstat").lines().filter(l -> l.startsWith("TCP:"))
                .findFirst().orElse("") + " (mem in pages; tcp_mem " + read("/proc/sys/net/ipv4/tcp_mem").replace('\t', ' ')
                + ")" + (Files.exists(Path.of(CONNTRACK + "count")) ? "; nf_conntrack " + read(CONNTRACK + "count")
                + " of " + read(CONNTRACK + "max") : ""));
    }

    /** The classes whose live instances grew most with the sockets: what each socket costs in the heap. */
    private static void footprint(Map<String, long[]> before, Map<String, long[]> after, int sockets) {
        if (sockets == 0) {
            return;
        }
        record Growth(String name, long instances, long bytes) {
        }
        List<Growth> grown = new ArrayList<>();
        after.forEach((name, a) -> {
            long[] b = before.getOrDefault(name, new long[2]);
            grown.add(new Growth(name, a[0] - b[0], a[1] - b[1]));
        });
        grown.sort(Comparator.comparingLong(Growth::bytes).reversed());
        long total = grown.stream().mapToLong(Growth::bytes).sum();
        System.out.printf("scale: heap growth per socket %.0f bytes; the largest parts (per socket: instances, bytes):%n",
                total / (double) sockets);
        for (Growth g : grown.subList(0, Math.min(16, grown.size()))) {
            System.out.printf("scale:   %6.2f %6.0f  %s%n", g.instances() / (double) sockets, g.bytes() / (double) sockets, g.name());
        }
    }

    /**
     * Lets the sink read, and times until the service holds no send buffer any more, polling its health (a
     * few ms; a Prometheus scrape costs tens, and would be taken from the drain it measures); then checks
     * on its meters and its operations that every send completed.
     */
    private static Drain drainService(String base, String pid, HoldingSink sink, Opened opened, double completedBefore)
            throws Exception {
        long cpu0 = ProcessFigures.threadCpuMillis(pid, "sendgate-epoll");
        long t0 = System.nanoTime();
        sink.drain();
        long deadline = t0 + DRAIN_TIMEOUT_MS * 1_000_000;
        while (sendBufferBytes(base) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(DRAIN_POLL_MS);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = ProcessFigures.threadCpuMillis(pid, "sendgate-epoll") - cpu0;
        long lastByte = sink.awaitReceived((long) opened.count() * PAYLOAD, 10_000);
        double pending = metric(base, "sendgate_operations_pending{kind=\"SEND\"");
        double completed = metric(base, "sendgate_operations_total{kind=\"SEND\",outcome=\"COMPLETED\"") - completedBefore;
        String stillPending = Bench.get(base + "/api/v1/operations?status=PENDING&limit=1");
        System.out.printf("scale: sendgate drained: no send buffer held after %.2f s (the sink had every byte after %s); "
                        + "%.0f of %d sends completed, %.0f pending, pending listed: %s%n", seconds,
                lastByte < 0 ? "never: " + sink.received() + " of " + (long) opened.count() * PAYLOAD + " bytes"
                        : String.format("%.2f s", (lastByte - t0) / 1e9), completed, opened.count(), pending, stillPending);
        if (pending > 0 || completed != opened.count() || !stillPending.equals("[]")) {
            throw new IllegalStateException("not every send completed");
        }
        return new Drain(seconds, cpu);
    }

    private static final Pattern BUFFER_BYTES = Pattern.compile("\"nativeBufferBytes\":(\\d+)");

    /** The driver's send buffers not yet freed: a send's is freed the moment it ends. */
    private static long sendBufferBytes(String base) throws Exception {
        String health = Bench.get(base + "/actuator/health");
        Matcher m = BUFFER_BYTES.matcher(health);
        if (!m.find()) {
            throw new IllegalStateException("no nativeBufferBytes in " + health);
        }
        return Long.parseLong(m.group(1));
    }

    /** The reference: as many plain NIO connections with the same pending writes, drained by the same sink. */
    private static Drain drainReference(HoldingSink sink, int count) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "NioWriters",
                String.valueOf(PAYLOAD), String.valueOf(SEND_BUFFER), String.valueOf(count)));
        for (InetSocketAddress e : sink.endpoints()) {
            cmd.add(e.getHostString() + ":" + e.getPort());
        }
        Process writers = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writers.getInputStream()))) {
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                throw new IllegalStateException("NioWriters: " + ready);
            }
            System.out.println("scale: reference NIO writers " + ready.substring(6).replace(" ", " connections, pending: "));
            sink.awaitAccepted(count, 30_000);
            long t0 = System.nanoTime();
            sink.drain();
            String done = out.readLine();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (done == null || !done.startsWith("done ")) {
                throw new IllegalStateException("NioWriters: " + done);
            }
            return new Drain(seconds, Long.parseLong(done.substring(5)));
        } finally {
            if (!writers.waitFor(30, TimeUnit.SECONDS)) {
                writers.destroyForcibly();
            }
        }
    }

    private static final String CONNTRACK = "/proc/sys/net/netfilter/nf_conntrack_";
    private static final Pattern SAMPLE = Pattern.compile("\\s(\\S+)$");

    /** One sample of /actuator/prometheus, by its name and the start of its labels. */
    static double metric(String base, String prefix) throws Exception {
        for (String line : Bench.get(base + "/actuator/prometheus").split("\n")) {
            if (line.startsWith(prefix)) {
                Matcher m = SAMPLE.matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
        }
        throw new IllegalStateException("no " + prefix + " at /actuator/prometheus");
    }

    private static String read(String path) throws Exception {
        return ProcessFigures.proc(path);
    }
}
