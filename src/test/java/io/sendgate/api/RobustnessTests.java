package io.sendgate.api;

import io.sendgate.core.ByteBudget;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Waits;
import io.sendgate.core.WsaError;
import io.sendgate.testing.Api;
import io.sendgate.testing.ProblemAnswers;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded, seeded robustness run against the real service: a few thousand generated malformed requests
 * (and some valid ones, whose bytes the test models) across every endpoint, over java.net.http and over
 * plain sockets for what a well-behaved client cannot send (bad framing, bad escapes, odd headers).
 *
 * <p>Every answer is checked as it comes: no 5xx but the documented gateway and availability ones, a
 * problem detail with a WSA name and number for every error, a documented JSON shape for every success.
 * A real connected socket (its peer records every byte) and a real listener exist throughout; only sends
 * the test knows to be valid may reach the peer. At the end the service must be as it was: healthy, every
 * accepted operation ended exactly once, the byte budget back, no wait and no event stream left.
 *
 * <p>The seed is printed; {@code -Dsendgate.fuzz.seed=N} replays a run, {@code -Dsendgate.fuzz.requests=N}
 * sets its length, {@code -Dsendgate.fuzz.random=true} adds a run with a seed taken from the clock.
 */
class RobustnessTests extends ServiceTest {
    static final long DEFAULT_SEED = 0x5E7D6A7EL;
    static final int DEFAULT_REQUESTS = 3000;
    /** At least this many requests of a run of the default length are malformed ones (it runs on until they are). */
    static final int MIN_MALFORMED = 2000;

    /**
     * The only 5xx any input may draw, each only where the request says it may ({@code Req.gateway}):
     * 502 for an open whose target refuses or cannot be reached (WSAECONNREFUSED..., C1, C34); 503 for a send
     * whose bytes the budget cannot hold at that moment (WSAENOBUFS, C28, C39) and for an event stream past
     * max-subscribers (WSAEMFILE, C38); 504 for an accept whose bounded wait ran out (WSAETIMEDOUT, C38).
     * Besides them, README's table gives the container's 501 (a transfer coding it does not implement) and 505
     * (an HTTP version other than 1.0 and 1.1), both WSAEOPNOTSUPP, to the framing mutations that draw them.
     */
    private static final Set<Integer> GATEWAY = Set.of(502, 503, 504, 501, 505);
    private static final int CLIENT_TIMEOUT_MS = 5_000;
    private static final int CONTROL_BODY_LIMIT = 64 * 1024;
    private static final String FAULT = "WSAEFAULT";
    private static final String INVAL = "WSAEINVAL";
    private static final Pattern CONTRADICTION = Pattern.compile("must be (an? [a-z]+), not \\1\\b");

    @Autowired
    ByteBudget budget;
    @Autowired
    Waits waits;
    @Autowired
    EventStreams streams;
    @Autowired
    CompletionLog completionLog;

    @Test
    void malformedRequestsOnEveryEndpointAreRefusedCleanlyAndLeaveNothingBehind() throws Exception {
        new Run(Long.getLong("sendgate.fuzz.seed", DEFAULT_SEED),
                Integer.getInteger("sendgate.fuzz.requests", DEFAULT_REQUESTS)).go();
    }

    @Test
    @EnabledIfSystemProperty(named = "sendgate.fuzz.random", matches = "true")
    void aRunWithASeedFromTheClock() throws Exception {
        new Run(System.currentTimeMillis() ^ System.nanoTime(),
                Integer.getInteger("sendgate.fuzz.requests", DEFAULT_REQUESTS)).go();
    }

    // ---------------------------------------------------------------------------------------------------
    // What a request is, and what the test knows of it

    enum Kind {
        OPEN, SOCKETS, SOCKET, CLOSE, SHUTDOWN, CANCEL, SEND_JSON, SEND_OCTETS, SEND_MULTIPART, LISTEN, LISTENERS,
        ACCEPT, OPERATION, WAIT, EVENTS, SESSION, HEALTH, UNKNOWN_PATH, WRONG_METHOD
    }

    /** What a successful answer's body must look like. */
    enum Shape { NONE, SOCKET, SOCKETS, LISTENER, LISTENERS, SENT, OPERATION, WAIT, CANCEL, SESSION, HEALTH, STREAM }

    private static final class Req {
        final Kind kind;
        String mutation = "valid";
        String method;
        String target;
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        /** The whole request as bytes, for mutations of the request line or the framing; sent over a plain socket. */
        byte[] raw;
        boolean head;
        boolean stream;

        /** A 2xx is a defect: the input is malformed. */
        boolean mustFail;
        /** Anything but a 2xx is a defect: the input is valid. */
        boolean mustSucceed;
        /** The status, when the test knows it. */
        Integer status;
        /** The WSA codes the error may carry, when the test knows them. */
        Set<String> wsa;
        /** The 5xx this input may legitimately draw (502, 503, 504 only; see the comments where set). */
        Set<Integer> gateway = Set.of();
        /** A send: the bytes it carries if it is accepted. Null: no byte may go out for it. */
        byte[] payload;
        int buffers = -1;
        Shape shape = Shape.NONE;
        Consumer<Answer> onSuccess;

        Req(Kind kind, String method, String target) {
            this.kind = kind;
            this.method = method;
            this.target = target;
        }

        Req header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Req json(String text) {
            return json(text.getBytes(StandardCharsets.UTF_8));
        }

        Req json(byte[] bytes) {
            body = bytes;
            headers.removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
            return header("Content-Type", "application/json");
        }

        Req fails(Integer status, String... wsa) {
            mustFail = true;
            mustSucceed = false;
            this.status = status;
            this.wsa = wsa.length == 0 ? null : Set.of(wsa);
            return this;
        }

        Req succeeds(Shape shape) {
            mustSucceed = true;
            mustFail = false;
            this.shape = shape;
            return this;
        }

        Req either(Shape shape) {
            this.shape = shape;
            return maybe();
        }

        /** Accepted or refused, the test cannot tell in advance; an answer is checked for its form only. */
        Req maybe() {
            mustFail = false;
            mustSucceed = false;
            status = null;
            wsa = null;
            return this;
        }

        Req label(String mutation) {
            this.mutation = mutation;
            return this;
        }

        String contentType() {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase("Content-Type")) {
                    return h[1];
                }
            }
            return null;
        }

        String describe() {
            if (raw != null) {
                return show(raw, 300);
            }
            StringBuilder b = new StringBuilder(method).append(' ').append(target);
            for (String[] h : headers) {
                b.append(" [").append(h[0]).append(": ").append(h[1]).append(']');
            }
            if (body != null) {
                b.append(' ').append(show(body, 240));
            }
            return b.toString();
        }
    }

    /** An answer: status -1 and {@code failure} when none came. */
    private record Answer(int status, Map<String, String> headers, String body, long millis, String failure) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /** A send the service accepted: what it carries, and its operation (null when it was not overlapped). */
    private record Accepted(Long id, byte[] payload, long bytesWhenAnswered) {
    }

    // ---------------------------------------------------------------------------------------------------
    // One run

    private final class Run {
        final long seed;
        final int requests;
        final Random rnd;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();

        TcpPeer peer;
        String sock;
        String listener;
        int listenerPort;
        Sink sink;
        int closedPort;
        final List<Socket> listenerClients = new ArrayList<>();
        int pendingClients;

        /** Sockets the test may shut down or close (opened or accepted during the run); never {@link #sock}. */
        final List<String> spares = new ArrayList<>();
        final List<String> spareListeners = new ArrayList<>();
        final Set<String> closedIds = new LinkedHashSet<>();
        final Set<String> shutIds = new LinkedHashSet<>();

        /** Every send the service accepted on {@link #sock}, in the order it accepted them (C7). */
        final List<Accepted> accepted = new ArrayList<>();
        final Set<Long> knownOps = new LinkedHashSet<>();

        final Map<String, Integer> byKind = new TreeMap<>();
        final Map<String, Integer> byMutation = new TreeMap<>();
        final Map<Integer, Integer> byStatus = new TreeMap<>();
        int malformed;
        final Map<String, Integer> byTransport = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        int failureCount;
        long slowest;
        String slowestRequest = "";
        int index;

        Run(long seed, int requests) {
            this.seed = seed;
            this.requests = requests;
            this.rnd = new Random(seed);
        }

        void go() throws Exception {
            System.out.println("[robustness] seed " + seed + " (replay: -Dsendgate.fuzz.seed=" + seed + "), "
                    + requests + " requests");
            long started = System.nanoTime();
            peer = TcpPeer.listening();
            sink = new Sink();
            try {
                sock = api.openTcp(peer.port());
                peer.accept().startReading();
                Api.Reply l = api.post("/api/v1/listeners", Map.of("host", "127.0.0.1", "port", 0, "backlog", 16));
                assertThat(l.status()).as(l.toString()).isEqualTo(201);
                listener = l.field("id");
                listenerPort = l.json().path("localPort").asInt();
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    closedPort = s.getLocalPort();
                }
                long heldBefore = budget.held();
                long sendsBefore = api.get("/api/v1/sockets/" + sock).json().path("stats").path("sends").asLong();
                long sequenceBefore = completionLog.lastSequence();

                long fuzzStarted = System.nanoTime();
                // at least the requests asked for, and (at the default length) at least MIN_MALFORMED malformed ones
                int floor = requests >= DEFAULT_REQUESTS ? MIN_MALFORMED : 0;
                for (index = 0; index < requests || malformed < floor && index < 2 * requests; index++) {
                    // each request draws from (seed, index): what came before (an accept that caught a connection or
                    // not) changes how much earlier requests drew, but not what request #index is
                    rnd.setSeed(seed * 0x9E3779B97F4A7C15L + index);
                    Req r = generate();
                    Answer a = perform(r);
                    check(r, a);
                }
                long fuzzMillis = (System.nanoTime() - fuzzStarted) / 1_000_000;

                long checksStarted = System.nanoTime();
                finalChecks(heldBefore, sendsBefore, sequenceBefore);
                report(fuzzMillis, (System.nanoTime() - checksStarted) / 1_000_000,
                        (System.nanoTime() - started) / 1_000_000);
            } finally {
                cleanUp();
            }
            if (requests >= DEFAULT_REQUESTS) {
                assertThat(malformed).as("malformed requests in the run").isGreaterThanOrEqualTo(MIN_MALFORMED);
            }
            assertThat(failureCount).as("seed %d (replay with -Dsendgate.fuzz.seed=%d): %d defects\n%s",
                    seed, seed, failureCount, String.join("\n", failures)).isZero();
        }

        // -----------------------------------------------------------------------------------------------
        // Choosing a request

        Req generate() {
            int w = rnd.nextInt(100);
            Req r;
            if (w < 16) {
                r = sendJson();
            } else if (w < 25) {
                r = sendOctets();
            } else if (w < 33) {
                r = sendMultipart();
            } else if (w < 39) {
                r = open();
            } else if (w < 43) {
                r = socketCalls();
            } else if (w < 48) {
                r = shutdown();
            } else if (w < 50) {
                r = cancel();
            } else if (w < 55) {
                r = listen();
            } else if (w < 60) {
                r = accept();
            } else if (w < 65) {
                r = operation();
            } else if (w < 71) {
                r = waitFor();
            } else if (w < 75) {
                r = events();
            } else if (w < 78) {
                r = session();
            } else if (w < 79) {
                r = new Req(Kind.HEALTH, "GET", pick("/actuator/health", "/actuator/health/liveness")).succeeds(Shape.HEALTH);
            } else if (w < 83) {
                r = unknownPath();
            } else if (w < 87) {
                r = wrongMethod();
            } else {
                r = framing(pickFramable());
            }
            if (r.raw == null && rnd.nextInt(12) == 0 && r.mutation.equals("valid")) {
                // C35, C36 on any call: a foreign Host (DNS rebinding) or a cross-site request refused first
                r = foreign(r);
            }
            return r;
        }

        /** A request whose framing the raw mutations can take apart: one with a body, mostly a send. */
        Req pickFramable() {
            int w = rnd.nextInt(10);
            Req r;
            do {
                r = w < 3 ? sendJsonValid(sock) : w < 6 ? sendOctetsValid(sock) : w < 8 ? sendMultipartValid(sock)
                        : w == 8 ? listenValid() : waitValid();
            } while (r.body == null || r.body.length < 4);
            return r;
        }

        // -----------------------------------------------------------------------------------------------
        // Sends: JSON (C9, C29)

        Req sendJson() {
            String target = sendTarget();
            Req r;
            if (!target.equals(sock)) {
                // any body to a socket that is not there, or no longer usable: refused, nothing sent (C22, C27)
                r = sendJsonValid(target);
                r.payload = null;
                return badSocket(r, target);
            }
            if (rnd.nextInt(4) == 0) {
                return sendJsonValid(sock);
            }
            SendSpec spec = SendSpec.valid(this);
            r = new Req(Kind.SEND_JSON, "POST", sendPath(sock));
            switch (rnd.nextInt(22)) {
                case 0, 1, 2 -> jsonSyntax(r, spec.json(), true);
                case 3 -> {
                    // C40: unknown or misspelt fields are refused with the closest name, not ignored
                    boolean inBuffer = rnd.nextBoolean();
                    String known = inBuffer ? pick("base64", "hex", "text", "charset") : pick("buffers", "flags", "overlapped");
                    String name = rnd.nextBoolean() ? misspell(known, SendSpec.NAMES) : pick(UNKNOWN_NAMES);
                    if (inBuffer) {
                        spec.buffers.get(rnd.nextInt(spec.buffers.size())).extra = q(name) + ":" + pick("\"x\"", "1", "null", "[]");
                    } else {
                        spec.extraTop = q(name) + ":" + pick("\"x\"", "1", "null", "true", "{}");
                    }
                    r.json(spec.json()).label("unknown-field").fails(400, INVAL);
                }
                case 4 -> {
                    // strict duplicates (C40)
                    if (rnd.nextBoolean()) {
                        String name = spec.overlapped == null ? "buffers" : pick("buffers", "overlapped");
                        spec.extraTop = q(name) + ":" + (name.equals("buffers") ? "[{\"text\":\"x\"}]" : "true");
                    } else {
                        SendSpec.Buf b = spec.buffers.get(0);
                        b.extra = q(b.field) + ":" + b.value;
                    }
                    r.json(spec.json()).label("duplicate-field").fails(400, INVAL);
                }
                case 5 -> {
                    // C29: a missing or empty buffer description
                    String body = pick("{}", "{\"buffers\":[]}", "{\"buffers\":[{}]}", "{\"flags\":[]}", "{\"overlapped\":true}",
                            "{\"buffers\":[{\"charset\":\"UTF-8\"}]}", "{\"buffers\":[{\"text\":\"a\"},{}]}",
                            "{\"buffers\":null}", "{\"buffers\":[null]}", "{\"buffers\":[{\"text\":\"a\"},null]}");
                    r.json(body).label("missing-buffer").fails(400, FAULT);
                }
                case 6 -> {
                    // C29: wrong types where a buffer is described
                    String wrong = pick(WRONG_FOR_STRING);
                    String body = switch (rnd.nextInt(5)) {
                        case 0 -> "{\"buffers\":" + pick("\"abc\"", "1", "true", "{}", "{\"text\":\"a\"}", "-1e400") + "}";
                        case 1 -> "{\"buffers\":[" + pick("\"abc\"", "1", "true", "[]", "[{\"text\":\"a\"}]") + "]}";
                        case 2 -> "{\"buffers\":[{\"" + pick("base64", "hex", "text") + "\":" + wrong + "}]}";
                        case 3 -> "{\"buffers\":[{\"text\":\"a\",\"charset\":" + pick("1", "true", "null", "[]", "{}", "[\"UTF-8\"]") + "}]}";
                        default -> "{\"buffers\":[{\"text\":\"a\",\"hex\":\"00\"}]}";
                    };
                    r.json(body).label("buffer-wrong-type").fails(400, FAULT);
                }
                case 7 -> {
                    SendSpec.Buf b = spec.buffers.get(rnd.nextInt(spec.buffers.size()));
                    b.field = "base64";
                    b.charset = null;
                    b.value = "\"" + pick("%%%", "QUJD=", "Q===", "=QUJD", "QU=JD", "Q", "QUJDR", "QUJD====", "QUJD\\u0000",
                            "QUJD!", "QUJD-_", "Q\u00e9JD", "QUJ\\u00e9", "QQ=A", "QQ==QQ==", "\\ud83d\\ude00AAA") + "\"";
                    r.json(spec.json()).label("bad-base64").fails(400, FAULT);
                }
                case 8 -> {
                    SendSpec.Buf b = spec.buffers.get(rnd.nextInt(spec.buffers.size()));
                    b.field = "hex";
                    b.charset = null;
                    b.value = "\"" + pick("abc", "zz", "0x12", "12 3", "1-2", "\u0661\u0662", "0g", "f", "ab:c", "12\\u0000", "ab;cd") + "\"";
                    r.json(spec.json()).label("bad-hex").fails(400, FAULT);
                }
                case 9 -> {
                    SendSpec.Buf b = spec.buffers.get(rnd.nextInt(spec.buffers.size()));
                    if (rnd.nextBoolean()) {
                        // text the charset cannot encode, or a charset that is none, or that only decodes
                        b.field = "text";
                        b.value = q(pick("caf\u00e9 \u20ac", "\u4e2d\u6587", "\ud83d\ude00"));
                        b.charset = q(pick("US-ASCII", "NOPE-9", "", " ", "UTF-8 ", "ISO-2022-CN", "x-JISAutoDetect",
                                "utf-99", "\u00e9", "a".repeat(300), "../../etc", "UTF-7"));
                    } else {
                        b.charset = q(pick("UTF-8", "ISO-8859-1"));
                        b.field = pick("base64", "hex");
                        b.value = q(b.field.equals("hex") ? "00" : "AA==");
                    }
                    r.json(spec.json()).label("bad-charset").fails(400, FAULT);
                }
                case 10 -> {
                    // C10: unknown flags, flags of the wrong type, MSG_PARTIAL on TCP (WSAEOPNOTSUPP)
                    int v = rnd.nextInt(4);
                    if (v == 0) {
                        spec.flags = pick("\"MSG_OOB\"", "1", "true", "{}", "[1]", "[null]", "[[\"MSG_OOB\"]]", "[{}]");
                        r.json(spec.json()).label("flags-wrong-type").fails(400, INVAL);
                    } else if (v == 1) {
                        spec.flags = "[" + q(pick("MSG_PEEK", "msg_oob", "MSG_OOB,MSG_BOGUS", "MSG_WAITALL", "0x1",
                                "MSG_DONTROUTE;", "MSG_\u00d6OB", "a".repeat(300))) + "]";
                        r.json(spec.json()).label("unknown-flag").fails(400, INVAL);
                    } else if (v == 2) {
                        spec.flags = "[" + String.join(",", Collections.nCopies(65 + rnd.nextInt(20), "\"MSG_DONTROUTE\"")) + "]";
                        r.json(spec.json()).label("too-many-flags").fails(400, INVAL);
                    } else {
                        spec.flags = pick("[\"MSG_PARTIAL\"]", "[\"MSG_OOB\",\"MSG_PARTIAL\"]", "[\"MSG_PARTIAL,MSG_DONTROUTE\"]");
                        r.json(spec.json()).label("flag-partial").fails(400, "WSAEOPNOTSUPP");
                    }
                }
                case 11 -> {
                    spec.overlapped = pick("\"true\"", "1", "0", "[]", "{}", "\"maybe\"", "\"\"", "[true]", "1.5", "-1");
                    r.json(spec.json()).label("overlapped-wrong-type").fails(400, INVAL);
                }
                case 12 -> {
                    // C6, C34: more buffers than a send carries
                    StringBuilder b = new StringBuilder("{\"buffers\":[");
                    int n = 1025 + rnd.nextInt(50);
                    for (int i = 0; i < n; i++) {
                        b.append(i == 0 ? "" : ",").append(pick("{\"hex\":\"00\"}", "{\"text\":\"\"}", "{\"base64\":\"\"}"));
                    }
                    r.json(b.append("]}").toString()).label("too-many-buffers").fails(400, INVAL);
                }
                case 13 -> {
                    // C39: huge values held in native memory while they stream, then refused: the budget comes back
                    int size = 200_000 + rnd.nextInt(1_800_000);
                    String body = switch (rnd.nextInt(5)) {
                        case 0 -> "{\"buffers\":[{\"base64\":\"" + "QUJD".repeat(size / 4) + pick("!", "=A", "Q", "\u00e9") + "\"}]}";
                        case 1 -> "{\"buffers\":[{\"hex\":\"" + "ab".repeat(size / 2) + "f\"}]}";
                        case 2 -> "{\"buffers\":[{\"text\":\"" + "x".repeat(size) + "\"}]}" + pick(" x", "}", ",", "{}");
                        case 3 -> "{\"buffers\":[{\"text\":\"" + "y".repeat(size) + "\"},{\"text\":\"\\ud800\"}]}";
                        default -> "{\"buffers\":[{\"text\":\"" + "z".repeat(size) + "\",\"charset\":\"US-ASCII\",\"text\":\"a\"}]}";
                    };
                    String label = "huge-invalid";
                    Req huge = r.json(body).label(label);
                    huge.fails(400, FAULT, INVAL);
                    huge.gateway = Set.of(503); // C39: WSAENOBUFS if the budget cannot hold it at this moment
                }
                case 14 -> {
                    // names and flags have a length limit, values do not
                    if (rnd.nextBoolean()) {
                        spec.extraTop = q("n".repeat(257 + rnd.nextInt(60_000))) + ":1";
                    } else {
                        spec.buffers.get(0).extra = q("m".repeat(257 + rnd.nextInt(5000))) + ":1";
                    }
                    r.json(spec.json()).label("huge-name").fails(400, INVAL);
                }
                case 15 -> {
                    // C29: lone surrogates are no text in any charset
                    SendSpec.Buf b = spec.buffers.get(rnd.nextInt(spec.buffers.size()));
                    b.field = pick("text", "text", "base64", "hex");
                    b.charset = b.field.equals("text") && rnd.nextBoolean() ? q("UTF-16BE") : null;
                    b.value = q("ab").replace("ab", pick("\\ud800", "\\udc00", "a\\ud800b", "\\ud800\\u0041", "\\udfff\\ud800", "x\\ud83d"));
                    r.json(spec.json()).label("lone-surrogate").fails(400, FAULT);
                }
                case 16 -> {
                    // deep nesting, refused where it begins
                    int depth = pick(50, 1000, 20_000, 100_000);
                    String deep = rnd.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                            : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                    String body = switch (rnd.nextInt(4)) {
                        case 0 -> deep;
                        case 1 -> "{\"buffers\":" + deep + "}";
                        case 2 -> "{\"buffers\":[{\"text\":\"a\"}],\"flags\":" + deep + "}";
                        default -> "{\"buffers\":[{\"text\":\"a\"}],\"overlapped\":" + deep + "}";
                    };
                    r.json(body).label("deep-nesting").fails(400, FAULT, INVAL);
                }
                case 17 -> {
                    // wrong content types for a JSON body
                    String type = pick("text/plain", "application/xml", "application/jsonx", "text/json", "image/png",
                            "application/x-www-form-urlencoded", "application/json; charset=nope", "application",
                            "multipart/mixed; boundary=x", "application/vnd.api+json", "*/*", "application/*", "json",
                            "application/json;charset", "", "application/octet-stream");
                    r.body = spec.json().getBytes(StandardCharsets.UTF_8);
                    if (!type.isEmpty()) {
                        r.header("Content-Type", type);
                    }
                    r.label("wrong-content-type").fails(null);
                    if (type.isEmpty() || type.equals("application/octet-stream")) {
                        // RFC 9110 8.3: without a type the body is octets; either way it is one buffer of the text
                        r.mustFail = false;
                        r.payload = r.body;
                        r.buffers = 1;
                        r.shape = Shape.SENT;
                    } else if (type.equals("application/json;charset")) {
                        // a parameter without a value is dropped by the media type parser: still JSON
                        r.mustFail = false;
                        r.payload = spec.payload();
                        r.buffers = spec.buffers.size();
                        r.shape = Shape.SENT;
                    }
                }
                case 18 -> {
                    r.json(spec.json()).header("Content-Type", "multipart/form-data");
                    r.headers.remove(0);
                    r.label("json-as-multipart").fails(400, FAULT);
                }
                case 19 -> {
                    // a JSON send takes no query parameters: ?flags= would be ignored otherwise (C40)
                    r.target += "?" + pick("flags=MSG_OOB", "overlapped=false", "flag=MSG_OOB", "x=1", "timeoutMs=5", "buffers=");
                    r.json(spec.json()).label("json-query-param").fails(400, INVAL);
                }
                case 20 -> {
                    // a broken byte order mark, bytes that are not UTF-8 around the structure
                    byte[] body = spec.json().getBytes(StandardCharsets.UTF_8);
                    byte[] prefix = pick(new byte[] {(byte) 0xEF, (byte) 0xBB}, new byte[] {(byte) 0xEF, (byte) 0xBB, 0x00},
                            new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, (byte) 0x28});
                    r.json(concat(prefix, body)).label("broken-bom").fails(400, FAULT);
                }
                default -> {
                    // valid variations: a byte order mark, odd whitespace (still sends exactly the bytes described)
                    byte[] body = spec.json().getBytes(StandardCharsets.UTF_8);
                    if (rnd.nextBoolean()) {
                        body = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body);
                    }
                    r.json(body).label("valid-bom");
                    expectSend(r, spec.payload(), spec.buffers.size());
                }
            }
            return r;
        }

        Req sendJsonValid(String target) {
            SendSpec spec = SendSpec.valid(this);
            Req r = new Req(Kind.SEND_JSON, "POST", sendPath(target)).json(spec.json());
            expectSend(r, spec.payload(), spec.buffers.size());
            if (rnd.nextInt(8) == 0) {
                r.headers.clear();
                r.header("Content-Type", pick("application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"));
            }
            return r;
        }

        /** A valid send: it must be accepted, and its bytes go to the peer. */
        void expectSend(Req r, byte[] payload, int buffers) {
            r.payload = payload;
            r.buffers = buffers;
            r.succeeds(Shape.SENT);
        }

        // -----------------------------------------------------------------------------------------------
        // Sends: application/octet-stream (C9, C39)

        Req sendOctets() {
            String target = sendTarget();
            if (!target.equals(sock)) {
                Req r = sendOctetsValid(target);
                r.payload = null;
                return badSocket(r, target);
            }
            if (rnd.nextInt(4) == 0) {
                return sendOctetsValid(sock);
            }
            Req r = sendOctetsValid(sock);
            r.payload = null;
            r.mustSucceed = false;
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    r.target = sendPath(sock) + "?flags=" + pick("BOGUS", "msg_oob", "MSG_PEEK", "42", "MSG_OOB;", "MSG_OOB%3BX",
                            "MSG_DONTROUTE,MSG_X", "MSG_OOB+MSG_X", "MSG_X%00");
                    r.label("bad-flag-param").fails(400, INVAL);
                }
                case 1 -> {
                    r.target = sendPath(sock) + "?flags=MSG_PARTIAL" + (rnd.nextBoolean() ? "&flags=MSG_DONTROUTE" : "");
                    r.label("flag-partial").fails(400, "WSAEOPNOTSUPP");
                }
                case 2 -> {
                    r.target = sendPath(sock) + "?overlapped=" + pick("maybe", "2", "truee", "-1", "y", "nope", "true&overlapped=false",
                            "1.0", "%74rue%21");
                    r.label("bad-overlapped-param").fails(400, INVAL);
                }
                case 3 -> {
                    r.target = sendPath(sock) + "?" + pick("flag=MSG_OOB", "Flags=MSG_OOB", "overlaped=true", "x", "x=1",
                            "timeoutMs=5", "flags=MSG_DONTROUTE&overLapped=true", "=1", "%66lag=MSG_OOB");
                    r.label("unknown-param").fails(400, INVAL);
                }
                case 4 -> {
                    r.headers.clear();
                    String type = pick("text/plain", "application/octet", "application/octet-stream; charset=nope", "octet-stream",
                            "application/x-binary", "binary/octet-stream", "application/octet-stream, text/plain");
                    r.header("Content-Type", type);
                    r.label("wrong-content-type").fails(null);
                }
                default -> {
                    // C39: a body larger than a control call takes is fine for a send, but this one lies about its flags
                    r.body = new byte[300_000 + rnd.nextInt(700_000)];
                    r.target = sendPath(sock) + "?flags=MSG_PEEK";
                    r.label("huge-bad-flag").fails(400, INVAL);
                }
            }
            return r;
        }

        Req sendOctetsValid(String target) {
            byte[] body = randomBytes(pickSize());
            StringBuilder query = new StringBuilder();
            switch (rnd.nextInt(9)) {
                case 0 -> query.append("flags=MSG_DONTROUTE");
                case 1 -> query.append(pick("flags=", "flags=%2C", "flags=MSG_DONTROUTE%2C", "flags=+MSG_DONTROUTE+"));
                case 2 -> query.append(pick("overlapped=true", "overlapped=TRUE", "overlapped=yes", "overlapped=1", "overlapped="));
                // a blocking send (C12): its answer is final, and has no operation id
                case 3 -> query.append(pick("overlapped=false", "overlapped=no", "overlapped=0", "overlapped=off"));
                case 4 -> query.append("flags=MSG_DONTROUTE&overlapped=true");
                default -> {
                }
            }
            Req r = new Req(Kind.SEND_OCTETS, "POST", sendPath(target) + (query.length() == 0 ? "" : "?" + query));
            r.body = body;
            r.header("Content-Type", pick("application/octet-stream", "application/octet-stream", "Application/Octet-Stream",
                    "application/octet-stream; x=y"));
            expectSend(r, body, 1);
            return r;
        }

        // -----------------------------------------------------------------------------------------------
        // Sends: multipart/form-data, one buffer per part (C6, C9)

        Req sendMultipart() {
            String target = sendTarget();
            if (!target.equals(sock)) {
                Req r = sendMultipartValid(target);
                r.payload = null;
                return badSocket(r, target);
            }
            if (rnd.nextInt(4) == 0) {
                return sendMultipartValid(sock);
            }
            Multipart m = Multipart.valid(this);
            Req r = new Req(Kind.SEND_MULTIPART, "POST", sendPath(sock));
            byte[] body = m.body();
            String type = "multipart/form-data; boundary=" + m.boundary;
            switch (rnd.nextInt(12)) {
                case 10 -> {
                    // C6, C29: cut right after a delimiter line, or just before it: the parts after it are missing,
                    // and the container's parser took the rest for the whole body (it sent fewer buffers)
                    Multipart more = m.parts.size() > 1 ? m : Multipart.valid(this);
                    if (more.parts.size() < 2) {
                        more.parts.add(new byte[] {1, 2, 3});
                    }
                    byte[] whole = more.body();
                    String text = new String(whole, StandardCharsets.ISO_8859_1);
                    int second = text.indexOf("\r\n--" + more.boundary + "\r\n");
                    int cut = second + 4 + more.boundary.length() + pick(0, 1, 2);
                    body = Arrays.copyOf(whole, cut);
                    type = "multipart/form-data; boundary=" + more.boundary;
                    r.label("cut-after-delimiter").fails(400, FAULT);
                }
                case 11 -> {
                    // C6, C29: a part that is not a form-data field was skipped by the container's parser
                    String part = pick("Content-Type: application/octet-stream\r\n", "Content-Disposition: attachment; filename=\"a\"\r\n",
                            "Content-Disposition: form-data; filename=\"a\"\r\n", "\r\n".substring(2));
                    body = concat(("--" + m.boundary + "\r\n" + part + "\r\nlost\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
                    r.label("part-not-form-data").fails(400, FAULT);
                }
                case 0 -> {
                    // cut before the closing delimiter is complete
                    body = Arrays.copyOf(body, rnd.nextInt(body.length - 2));
                    r.label("truncated-multipart").fails(400, FAULT);
                }
                case 1 -> {
                    type = "multipart/form-data; boundary=" + m.boundary + pick("x", "-", "0");
                    r.label("boundary-mismatch").fails(400, FAULT);
                }
                case 2 -> {
                    type = pick("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
                            "multipart/form-data; charset=utf-8", "multipart/form-data; boundary=" + "b".repeat(80 + rnd.nextInt(40)));
                    // an empty boundary parameter does not even parse as a media type: 415
                    r.label("bad-boundary").fails(null, FAULT, INVAL);
                }
                case 3 -> {
                    body = pick("".getBytes(), "garbage".getBytes(), ("--" + m.boundary + "--\r\n").getBytes(),
                            ("--" + m.boundary + "\r\n\r\n").getBytes(), ("--" + m.boundary + "\r\nContent-Disposition: form-data; name=a"
                                    + "\r\n").getBytes());
                    r.label("empty-multipart").fails(400, FAULT);
                }
                case 4 -> {
                    // part headers that never end, or end too late (server.tomcat.max-part-header-size)
                    String big = "X-Big: " + "h".repeat(12_000 + rnd.nextInt(10_000)) + "\r\n";
                    body = ("--" + m.boundary + "\r\nContent-Disposition: form-data; name=\"p\"; filename=\"p\"\r\n"
                            + big + "\r\nabc\r\n--" + m.boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    r.label("huge-part-header").fails(400, FAULT);
                }
                case 5 -> {
                    // C6, C34: past max-buffers-per-send
                    Multipart many = new Multipart(m.boundary);
                    int n = 1025 + rnd.nextInt(30);
                    for (int i = 0; i < n; i++) {
                        many.parts.add(new byte[] {(byte) i});
                    }
                    body = many.body();
                    r.label("too-many-parts").fails(400, INVAL);
                }
                case 6 -> {
                    body = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
                    r.label("lf-delimiters").fails(400, FAULT);
                }
                case 7 -> {
                    r.target = sendPath(sock) + "?" + pick("flags=BOGUS", "overlapped=maybe", "flag=MSG_OOB", "parts=2",
                            "flags=MSG_PARTIAL");
                    r.label("bad-param").fails(400, INVAL, "WSAEOPNOTSUPP");
                }
                case 8 -> {
                    // what follows the closing delimiter is an epilogue, but a second delimiter line is not a boundary
                    body = concat(Arrays.copyOf(body, body.length - 4), ("-X\r\n").getBytes());
                    r.label("bad-closing-delimiter").fails(400, FAULT);
                }
                default -> {
                    type = pick("multipart/related; boundary=" + m.boundary, "multipart/mixed; boundary=" + m.boundary);
                    r.label("other-multipart").fails(null);
                }
            }
            r.body = body;
            r.header("Content-Type", type);
            return r;
        }

        Req sendMultipartValid(String target) {
            Multipart m = Multipart.valid(this);
            Req r = new Req(Kind.SEND_MULTIPART, "POST", sendPath(target) + (rnd.nextInt(5) == 0 ? "?flags=MSG_DONTROUTE" : ""));
            r.body = m.body();
            r.header("Content-Type", "multipart/form-data; boundary=" + (m.quoted ? "\"" + m.boundary + "\"" : m.boundary));
            expectSend(r, m.payload(), m.parts.size());
            return r;
        }

        /** A socket a send cannot go to: unknown, closed, a listener's id, shut down (C22, C27, C20). */
        Req badSocket(Req r, String target) {
            r.mustSucceed = false;
            r.label("bad-socket");
            if (shutIds.contains(target)) {
                // C20; or C4's mode check first, on a spare opened with overlapped=false
                return r.fails(null, "WSAESHUTDOWN", INVAL);
            }
            return r.fails(404, "WSAENOTSOCK");
        }

        String sendPath(String socketId) {
            return "/api/v1/sockets/" + socketId + "/sends";
        }

        String sendTarget() {
            if (rnd.nextInt(8) != 0) {
                return sock;
            }
            List<String> candidates = new ArrayList<>(List.of("s-0", "s-999999", "s-" + Long.MAX_VALUE, listener, "S-1",
                    sock + "x", "s--1", "s-1.0", "nope"));
            candidates.addAll(closedIds);
            candidates.addAll(shutIds);
            return pick(candidates);
        }

        // -----------------------------------------------------------------------------------------------
        // Opening sockets (C1, C2, C4, C33)

        Req open() {
            Obj base = new Obj().put("type", q(rnd.nextInt(5) == 0 ? "UDP" : "TCP"))
                    .put("remoteHost", q(pick("127.0.0.1", "localhost", "127.0.0.1")))
                    .put("remotePort", String.valueOf(sink.port()));
            for (String attr : List.of("overlapped", "nonBlocking", "noDelay", "keepAlive")) {
                if (rnd.nextInt(4) == 0) {
                    base.put(attr, String.valueOf(rnd.nextBoolean()));
                }
            }
            if (rnd.nextInt(4) == 0) {
                base.put("sendTimeoutMs", String.valueOf(rnd.nextInt(5000)));
            }
            if (rnd.nextInt(4) == 0) {
                base.put("sendBufferBytes", String.valueOf(4096 + rnd.nextInt(60_000)));
            }
            Req r = new Req(Kind.OPEN, "POST", "/api/v1/sockets");
            r.onSuccess = a -> {
                if (a.status() == 201) {
                    spares.add(Api.JSON.readTree(a.body()).path("id").asString());
                }
            };
            // C34: a refused or unreachable target is 502 (WSAECONNREFUSED...), the only 5xx an open may draw
            r.gateway = Set.of(502);
            if (rnd.nextInt(7) == 0) {
                return r.json(base.json()).succeeds(Shape.SOCKET);
            }
            controlMutation(r, base, OPEN_SCHEMA, Set.of("type"), INVAL);
            r.shape = Shape.SOCKET;
            return r;
        }

        // -----------------------------------------------------------------------------------------------
        // The pool, one socket, closing (C5, C22, C27)

        Req socketCalls() {
            int w = rnd.nextInt(6);
            if (w == 0) {
                Req r = new Req(Kind.SOCKETS, "GET", "/api/v1/sockets");
                if (rnd.nextBoolean()) {
                    return r.succeeds(Shape.SOCKETS);
                }
                r.target += "?" + pick("x=1", "limit=5", "socketId=" + sock, "state=CONNECTED", "page=1&size=2");
                return r.label("unknown-param").fails(400, INVAL);
            }
            if (w <= 2) {
                String id = pick(sock, sock, listener, "s-0", "s-" + "9".repeat(30), "x", sparesOr(sock));
                Req r = new Req(Kind.SOCKET, rnd.nextInt(6) == 0 ? "HEAD" : "GET", "/api/v1/sockets/" + id);
                r.head = r.method.equals("HEAD");
                if (id.equals(sock) || spares.contains(id)) {
                    return r.succeeds(Shape.SOCKET);
                }
                return r.label("unknown-socket").fails(404, "WSAENOTSOCK");
            }
            // closesocket: the connected socket only with what must be refused before it closes anything
            Req r = new Req(Kind.CLOSE, "DELETE", "/api/v1/sockets/" + sock);
            if (w == 3 && !spares.isEmpty()) {
                String id = spares.remove(rnd.nextInt(spares.size()));
                r.target = "/api/v1/sockets/" + id;
                r.succeeds(Shape.SOCKET);
                r.onSuccess = a -> {
                    closedIds.add(id);
                    shutIds.remove(id);
                };
                return r;
            }
            if (w == 4) {
                r.target = "/api/v1/sockets/" + pick("s-0", listener, "s-00", "%73-0");
                return r.label("unknown-socket").fails(404, "WSAENOTSOCK");
            }
            r.target += "?" + pick("force=true", "how=SD_BOTH", "x", "linger=0");
            return r.label("unknown-param").fails(400, INVAL);
        }

        String sparesOr(String fallback) {
            return spares.isEmpty() ? fallback : spares.get(rnd.nextInt(spares.size()));
        }

        // -----------------------------------------------------------------------------------------------
        // shutdown (C20) and SIO_FLUSH (C21)

        Req shutdown() {
            boolean spare = !spares.isEmpty() && rnd.nextInt(3) == 0;
            String id = spare ? sparesOr(sock) : sock;
            Obj base = new Obj().put("how", q(pick("SD_SEND", "SD_RECEIVE", "SD_BOTH")));
            Req r = new Req(Kind.SHUTDOWN, "POST", "/api/v1/sockets/" + id + "/shutdown");
            r.shape = Shape.SOCKET;
            if (spare) {
                // any mutation, since a spare may be shut down; a valid one shuts it
                if (rnd.nextInt(3) == 0) {
                    // valid, but a spare may be a socket that never connected (WSAENOTCONN, C27) or one shut already
                    r.json(base.json()).either(Shape.SOCKET);
                    r.onSuccess = a -> shutOrNot(id, a);
                    return r;
                }
                controlMutation(r, base, SHUTDOWN_SCHEMA, Set.of("how"), INVAL);
                r.onSuccess = a -> shutOrNot(id, a);
                return r;
            }
            // the connected socket: only what is refused for sure, or SD_RECEIVE, which leaves sends alone
            if (rnd.nextInt(10) == 0) {
                return r.json("{\"how\":\"SD_RECEIVE\"}").succeeds(Shape.SOCKET);
            }
            definiteControlMutation(r, base, SHUTDOWN_SCHEMA, Set.of("how"), INVAL);
            return r;
        }

        /** A spare whose send side is shut refuses sends from now on (C20). */
        void shutOrNot(String id, Answer a) {
            String state = Api.JSON.readTree(a.body()).path("state").asString();
            if (!state.equals("CONNECTED") && !state.equals("SHUTDOWN_RECEIVE")) {
                shutIds.add(id);
            }
        }

        Req cancel() {
            String id = rnd.nextInt(4) == 0 ? pick("s-0", listener, sparesOr("nope")) : sock;
            Req r = new Req(Kind.CANCEL, "POST", "/api/v1/sockets/" + id + "/cancel");
            if (rnd.nextInt(3) == 0) {
                // it takes no body; whatever is given is not read
                r.json(pick("{}", "{\"x\":1}", "not json", ""));
            }
            if (id.equals(sock) && rnd.nextBoolean()) {
                r.target += "?" + pick("all=true", "x", "operationId=1", "%zz");
                if (r.target.endsWith("%zz")) {
                    r.raw = rawRequest(r);
                }
                return r.label("unknown-param").fails(400, INVAL);
            }
            if (id.equals(sock) || spares.contains(id)) {
                return r.succeeds(Shape.CANCEL);
            }
            return r.label("unknown-socket").fails(404, "WSAENOTSOCK");
        }

        // -----------------------------------------------------------------------------------------------
        // Listeners and accept (C3, C33, C38)

        Req listen() {
            int w = rnd.nextInt(6);
            if (w == 0) {
                Req r = new Req(Kind.LISTENERS, "GET", "/api/v1/listeners");
                if (rnd.nextBoolean()) {
                    return r.succeeds(Shape.LISTENERS);
                }
                r.target += "?" + pick("all=1", "port=0", "x");
                return r.label("unknown-param").fails(400, INVAL);
            }
            if (w == 1) {
                String id = pick(listener, listener, "l-0", sock, "l-" + "1".repeat(25), sparesListenerOr(listener));
                Req r = new Req(Kind.LISTENERS, "GET", "/api/v1/listeners/" + id);
                return id.equals(listener) || spareListeners.contains(id) ? r.succeeds(Shape.LISTENER)
                        : r.label("unknown-listener").fails(404, "WSAENOTSOCK");
            }
            if (w == 2 || spareListeners.size() > 3) {
                Req r = new Req(Kind.LISTENERS, "DELETE", "/api/v1/listeners/" + pick("l-0", sock, "x"));
                if (!spareListeners.isEmpty() && rnd.nextInt(3) != 0) {
                    String id = spareListeners.remove(rnd.nextInt(spareListeners.size()));
                    r.target = "/api/v1/listeners/" + id;
                    return r.succeeds(Shape.LISTENER);
                }
                if (rnd.nextBoolean()) {
                    r.target = "/api/v1/listeners/" + listener + "?" + pick("x", "force=1");
                    return r.label("unknown-param").fails(400, INVAL);
                }
                return r.label("unknown-listener").fails(404, "WSAENOTSOCK");
            }
            Req r = listenValid();
            if (rnd.nextInt(4) == 0) {
                return r;
            }
            r.mustSucceed = false;
            controlMutation(r, LISTEN_BASE.copy(), LISTEN_SCHEMA, Set.of("host", "port"), INVAL);
            r.shape = Shape.LISTENER;
            return r;
        }

        Req listenValid() {
            Req r = new Req(Kind.LISTEN, "POST", "/api/v1/listeners").json(LISTEN_BASE.json()).succeeds(Shape.LISTENER);
            r.onSuccess = a -> spareListeners.add(Api.JSON.readTree(a.body()).path("id").asString());
            return r;
        }

        String sparesListenerOr(String fallback) {
            return spareListeners.isEmpty() ? fallback : spareListeners.get(rnd.nextInt(spareListeners.size()));
        }

        Req accept() {
            boolean connect = pendingClients < 3 && rnd.nextInt(3) == 0;
            if (connect) {
                connectClient();
            }
            String id = rnd.nextInt(6) == 0 ? pick("l-0", sock, "x", sparesListenerOr("l-999")) : listener;
            String timeout = String.valueOf(rnd.nextInt(101));
            Req r = new Req(Kind.ACCEPT, "POST", "/api/v1/listeners/" + id + "/accept?timeoutMs=" + timeout);
            // C38: every wait bounded: an accept with no connection waiting answers 504 WSAETIMEDOUT after timeoutMs
            r.gateway = Set.of(504);
            r.onSuccess = a -> {
                if (a.status() == 201) {
                    pendingClients = Math.max(0, pendingClients - 1);
                    spares.add(Api.JSON.readTree(a.body()).path("id").asString());
                }
            };
            if (!id.equals(listener) && !spareListeners.contains(id)) {
                return r.label("unknown-listener").fails(404, "WSAENOTSOCK");
            }
            int w = rnd.nextInt(5);
            if (w == 0) {
                return r.either(Shape.SOCKET);
            }
            if (w == 1) {
                // values of timeoutMs that are refused or bounded (never one that waits long: C38)
                String bad = pick("-1", "abc", "1.5", "1e2", "99999999999999999999", "9223372036854775807", "300001",
                        "0x10", "5ms", "%2D1", "-0", "+50", "0050");
                r.target = "/api/v1/listeners/" + id + "/accept?timeoutMs=" + bad;
                boolean fine = Set.of("-0", "+50", "0050", "0x10").contains(bad);
                if (fine) {
                    return r.either(Shape.SOCKET);
                }
                return r.label("bad-timeout").fails(400, INVAL);
            }
            if (w == 2) {
                if (rnd.nextInt(4) == 0) {
                    // C40: a parameter given twice; which one would win is not for the caller to guess
                    r.target += "&timeoutMs=" + rnd.nextInt(101);
                    return r.label("repeated-param").fails(400, INVAL);
                }
                r.target += "&" + pick("timeoutMS=5", "timeout=5", "x", "waitMs=1");
                return r.label("unknown-param").fails(400, INVAL);
            }
            // a body of attributes for the accepted socket; parsed (and refused) before the wait begins
            Obj base = new Obj();
            if (rnd.nextBoolean()) {
                base.put("noDelay", "true");
            }
            if (rnd.nextBoolean()) {
                base.put("sendBufferBytes", "8192");
            }
            controlMutation(r, base, ACCEPT_SCHEMA, Set.of(), INVAL);
            String text = new String(r.body, StandardCharsets.UTF_8).trim();
            if (text.isEmpty() || text.equals("null")) {
                // the body is optional: none (or JSON null) means the default attributes
                r.mustFail = false;
                r.status = null;
                r.wsa = null;
            }
            r.shape = Shape.SOCKET;
            return r;
        }

        void connectClient() {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenerPort), 2000);
                listenerClients.add(s);
                pendingClients++;
            } catch (IOException e) {
                failure(null, null, "could not connect a client to the listener: " + e);
            }
        }

        // -----------------------------------------------------------------------------------------------
        // Operations and waits (C15, C16, C19, C38)

        Req operation() {
            Long known = knownOp();
            boolean validId = known != null && rnd.nextInt(4) != 0;
            String unknownId = pick("0", "-1", "999999999");
            String badId = pick("abc", "1.5", "99999999999999999999", "1e3", "x1");
            int idKind = validId ? 0 : rnd.nextBoolean() ? 1 : 2;
            String id = idKind == 0 ? String.valueOf(known) : idKind == 1 ? unknownId : badId;
            Req r = new Req(Kind.OPERATION, "GET", "/api/v1/operations/" + id);
            int w = rnd.nextInt(5);
            if (w == 1) {
                r.target += "?" + pick("waitMS=5", "timeoutMs=5", "wait=1", "x");
                return r.label("unknown-param").fails(400, INVAL);
            }
            boolean waitRefused = false;
            if (w == 0) {
                // C38: a bounded wait; the values that are not refused wait at most 100 ms
                String v = pick("0", "1", "50", "100", "", "-1", "300001", "abc", "1.5", "99999999999999999999", "1e2", "%zz");
                r.target += "?waitMs=" + v;
                if (v.equals("%zz")) {
                    r.raw = rawRequest(r);
                    return r.label("query-escape").fails(400, INVAL);
                }
                if (!v.isEmpty() && (!v.matches("\\d+") || v.length() > 18)) {
                    if (!v.equals("-1")) {
                        return r.label("bad-wait").fails(400, INVAL);
                    }
                    waitRefused = true;
                } else if (!v.isEmpty() && Long.parseLong(v) > 300_000) {
                    waitRefused = true;
                }
            }
            if (idKind == 2) {
                return r.label("bad-operation-id").fails(400, INVAL);
            }
            if (idKind == 1) {
                // the lookup comes before the wait's bounds are checked
                return r.label("unknown-operation").fails(404, "WSA_INVALID_HANDLE");
            }
            if (waitRefused) {
                return r.label("bad-wait").fails(400, INVAL);
            }
            return r.succeeds(Shape.OPERATION);
        }

        Long knownOp() {
            if (knownOps.isEmpty()) {
                return null;
            }
            List<Long> ops = new ArrayList<>(knownOps);
            return ops.get(ops.size() - 1 - rnd.nextInt(Math.min(ops.size(), 50)));
        }

        Req waitFor() {
            Req r = waitValid();
            if (rnd.nextInt(4) == 0 && !knownOps.isEmpty()) {
                return r;
            }
            r.mustSucceed = false;
            // the ids: known ones, and an unknown one whenever the mutation might leave timeoutMs out (C38: a wait
            // here never runs long: either timeoutMs stays at most 100, or an unknown id ends it at once)
            List<String> ids = new ArrayList<>();
            for (int i = rnd.nextInt(3); i >= 0; i--) {
                Long k = knownOp();
                ids.add(k == null ? "999999999" : String.valueOf(k));
            }
            boolean unknown = rnd.nextBoolean() || knownOps.isEmpty();
            if (unknown) {
                ids.add(pick("999999999", "0", "-5"));
            }
            Obj base = new Obj().put("operationIds", "[" + String.join(",", ids) + "]").put("waitAll", String.valueOf(rnd.nextBoolean()))
                    .put("timeoutMs", String.valueOf(rnd.nextInt(101)));
            Mut m = controlMutation(r, base, WAIT_SCHEMA, Set.of("operationIds"), INVAL);
            if (m.touched != null && m.touched.equals("timeoutMs") && !m.definite && !unknown) {
                // the value of timeoutMs may have become absent or null: the longest wait. Put an unknown id in front.
                base = m.base;
                r.json(base.json().replaceFirst("\\[", "[999999999,"));
            }
            if (rnd.nextInt(6) == 0) {
                String many = "[" + String.join(",", Collections.nCopies(65 + rnd.nextInt(10), "1")) + "]";
                r.json("{\"operationIds\":" + many + ",\"timeoutMs\":1}").label("too-many-ids").fails(400, INVAL);
            }
            r.shape = Shape.WAIT;
            return r;
        }

        Req waitValid() {
            Long k = knownOp();
            List<String> ids = new ArrayList<>();
            ids.add(k == null ? "999999999" : String.valueOf(k));
            if (rnd.nextBoolean() && k != null) {
                ids.add(String.valueOf(knownOp()));
            }
            String body = "{\"operationIds\":[" + String.join(",", ids) + "],\"waitAll\":" + rnd.nextBoolean()
                    + ",\"timeoutMs\":" + rnd.nextInt(101) + "}";
            Req r = new Req(Kind.WAIT, "POST", "/api/v1/operations/wait").json(body);
            return k == null ? r.label("unknown-operation").fails(404, "WSA_INVALID_HANDLE") : r.succeeds(Shape.WAIT);
        }

        // -----------------------------------------------------------------------------------------------
        // Events (C17, C38)

        Req events() {
            Req r = new Req(Kind.EVENTS, "GET", "/api/v1/events");
            int w = rnd.nextInt(7);
            if (w == 0) {
                r.target += "?" + pick("operationId=abc", "operationId=1.5", "operationId=99999999999999999999", "lastEventId=-1",
                        "lastEventId=abc", "operationId=1&operationId=x", "lastEventId=1e3");
                return r.label("bad-filter").fails(400, INVAL);
            }
            if (w == 1) {
                r.header("Last-Event-ID", pick("abc", "-1", "1.5", "99999999999999999999", "0x10", "1 2"));
                return r.label("bad-last-event-id").fails(400, INVAL);
            }
            if (w == 2) {
                r.target += "?" + pick("socketID=s-1", "socket=s-1", "x", "operationIds=1", "last-event-id=1");
                return r.label("unknown-param").fails(400, INVAL);
            }
            if (w == 3) {
                r.method = "HEAD";
                r.head = true;
                return r.succeeds(Shape.NONE);
            }
            // a real stream: the head is read, then the test hangs up; its slot must come back (C38)
            r.stream = true;
            r.raw = null;
            StringBuilder q = new StringBuilder();
            if (rnd.nextBoolean()) {
                q.append("socketId=").append(sock);
            }
            if (rnd.nextBoolean()) {
                q.append(q.length() == 0 ? "" : "&").append("operationId=").append(knownOp() == null ? 1 : knownOp());
            }
            if (rnd.nextInt(3) == 0) {
                r.header("Last-Event-ID", String.valueOf(rnd.nextInt(5) == 0 ? 999_999_999 : Math.max(0, completionLog.lastSequence() - 3)));
            }
            if (q.length() > 0) {
                r.target += "?" + q;
            }
            // C38: a full house of streams is 503 WSAEMFILE; it would mean streams are not given back
            r.gateway = Set.of(503);
            return r.succeeds(Shape.STREAM);
        }

        // -----------------------------------------------------------------------------------------------
        // Session (C37): this service has no token, so logging in is refused

        Req session() {
            int w = rnd.nextInt(5);
            if (w == 0) {
                return new Req(Kind.SESSION, "GET", "/api/v1/session").succeeds(Shape.SESSION);
            }
            if (w == 1) {
                Req r = new Req(Kind.SESSION, "DELETE", "/api/v1/session").succeeds(Shape.NONE);
                if (rnd.nextBoolean()) {
                    r.header("Cookie", pick("SENDGATE_SESSION=abc", "a=b; c", "=;=;", "SENDGATE_SESSION=" + "x".repeat(3000)));
                }
                return r;
            }
            Req r = new Req(Kind.SESSION, "POST", "/api/v1/session");
            Obj base = new Obj().put("token", q(pick("secret", "", "x".repeat(100))));
            if (rnd.nextBoolean()) {
                return r.json(base.json()).label("no-token-configured").fails(400, INVAL);
            }
            definiteControlMutation(r, base, SESSION_SCHEMA, Set.of("token"), INVAL);
            return r;
        }

        // -----------------------------------------------------------------------------------------------
        // Calls that do not exist, and methods a path does not take (C40)

        Req unknownPath() {
            String path = pick("/api/v1/socket", "/api/v1/sockets/" + sock + "/send", "/api/v1/sockets/" + sock + "/sends/batch",
                    "/api/v1/sockets/" + sock + "/receives", "/api/v1/sockets/" + sock + "/received",
                    "/api/v1/sockets/" + sock + "/shutdown/now", "/api/v1/operations/1/data", "/api/v2/sockets", "/api",
                    "/api/v1", "/api/v1/", "/API/V1/SOCKETS", "/api/v1/sockets/", "/api/v1/listeners/" + listener + "/accept/",
                    "/actuator/env", "/actuator/health/nope", "/actuator/shutdown", "/nothing/here", "/api/v1/events/",
                    "/api/v1/" + randomWord(), "/" + randomWord() + ".html", "/api/v1/sockets/" + sock + "/" + randomWord(),
                    "/api/v1/sockets/" + sock + "/sends/" + randomWord(), "/v3/api-docs/" + randomWord() + "/x",
                    "/api/v1/operations/wait/all", "/error/x");
            String method = pick("GET", "POST", "DELETE", "PUT", "PATCH");
            Req r = new Req(Kind.UNKNOWN_PATH, method, path);
            if (!method.equals("GET") && !method.equals("DELETE") && rnd.nextBoolean()) {
                r.json("{}");
            }
            // actuator's health takes any path below it, for GET only
            boolean healthBelow = path.startsWith("/actuator/health/") && !method.equals("GET");
            return r.label("unknown-path").fails(healthBelow ? 405 : 404, "WSAEOPNOTSUPP");
        }

        Req wrongMethod() {
            String[][] paths = {
                    {"/api/v1/sockets", "GET,POST"},
                    {"/api/v1/sockets/" + sock, "GET,DELETE"},
                    {"/api/v1/sockets/" + sock + "/sends", "POST"},
                    {"/api/v1/sockets/" + sock + "/shutdown", "POST"},
                    {"/api/v1/sockets/" + sock + "/cancel", "POST"},
                    {"/api/v1/listeners", "GET,POST"},
                    {"/api/v1/listeners/" + listener, "GET,DELETE"},
                    {"/api/v1/listeners/" + listener + "/accept?timeoutMs=1", "POST"},
                    {"/api/v1/operations/1", "GET"},
                    {"/api/v1/operations/wait", "POST"},
                    {"/api/v1/events", "GET"},
                    {"/api/v1/session", "GET,POST,DELETE"},
                    {"/actuator/health", "GET"}};
            String[] p = paths[rnd.nextInt(paths.length)];
            Set<String> allowed = new HashSet<>(Arrays.asList(p[1].split(",")));
            String method;
            do {
                method = pick("GET", "POST", "PUT", "PATCH", "DELETE", "BREW", "PROPFIND", "TRACE", "HEAD", "OPTIONS", "post");
            } while (allowed.contains(method) || (method.equals("HEAD") && allowed.contains("GET"))
                    || (p[0].endsWith("/wait") && method.equals("GET")));
            Req r = new Req(Kind.WRONG_METHOD, method, p[0]);
            if (method.equals("TRACE")) {
                r.raw = rawRequest(r);
            }
            r.head = method.equals("HEAD");
            if (method.equals("OPTIONS")) {
                // answered with the methods the path takes, no body
                return r.succeeds(Shape.NONE);
            }
            if (!r.head && !method.equals("GET") && rnd.nextBoolean()) {
                r.json("{\"how\":\"SD_BOTH\"}");
            }
            return r.label("wrong-method").fails(405, "WSAEOPNOTSUPP");
        }

        // -----------------------------------------------------------------------------------------------
        // C35, C36: a foreign Host, a cross-site request

        Req foreign(Req r) {
            boolean changes = !r.method.equals("GET") && !r.method.equals("HEAD") && !r.method.equals("OPTIONS");
            int w = rnd.nextInt(3);
            if (w == 0) {
                r.headers.add(new String[] {"Host", pick("evil.example", "evil.example:80", "127.0.0.1.nip.io", "attacker.localhost.example")});
                r.raw = rawRequest(r);
            } else if (w == 1 && changes) {
                r.header("Origin", pick("http://evil.example", "null", "https://127.0.0.1.evil.example"));
            } else if (changes) {
                r.header("Sec-Fetch-Site", "cross-site");
            } else {
                return r;
            }
            r.payload = null;
            r.onSuccess = null;
            return r.label(w == 0 ? "foreign-host" : "cross-site").fails(403, "WSAEACCES");
        }

        // -----------------------------------------------------------------------------------------------
        // Framing, over a plain socket (C29, C39, C40)

        Req framing(Req base) {
            base.raw = null;
            byte[] body = base.body;
            boolean send = base.kind == Kind.SEND_JSON || base.kind == Kind.SEND_OCTETS || base.kind == Kind.SEND_MULTIPART;
            List<String[]> headers = new ArrayList<>(base.headers);
            String label;
            byte[] framed;
            String line = base.method + " " + base.target + " HTTP/1.1";
            List<String> extra = new ArrayList<>();
            int w = rnd.nextInt(20);
            switch (w) {
                case 0 -> {
                    // the connection ends before the announced length: broke off (C29)
                    extra.add("Content-Length: " + (body.length + 1 + rnd.nextInt(1000)));
                    framed = body;
                    label = "content-length-longer";
                    base.fails(400, FAULT);
                    base.payload = null;
                }
                case 1 -> {
                    int n = 1 + rnd.nextInt(body.length - 1);
                    extra.add("Content-Length: " + n);
                    framed = body;
                    label = "content-length-shorter";
                    if (base.kind == Kind.SEND_OCTETS) {
                        // the body is what the length says: a valid send of its first n bytes
                        base.payload = Arrays.copyOf(body, n);
                        base.mustSucceed = false;
                        base.shape = Shape.SENT;
                    } else {
                        base.fails(400, FAULT);
                        base.payload = null;
                        if (base.kind == Kind.LISTEN || base.kind == Kind.WAIT) {
                            base.wsa = Set.of(FAULT, INVAL);
                        }
                    }
                }
                case 2 -> {
                    extra.add("Content-Length: " + pick("abc", "-1", "1.0", "0x10", "+5", "5 5", "99999999999999999999",
                            body.length + ", " + (body.length + 1), "", "1e3"));
                    framed = body;
                    label = "content-length-invalid";
                    base.fails(null);
                    base.payload = null;
                }
                case 3 -> {
                    extra.add("Content-Length: " + body.length);
                    extra.add("Content-Length: " + (body.length + 1 + rnd.nextInt(10)));
                    framed = body;
                    label = "content-length-twice";
                    base.fails(400, INVAL);
                    base.payload = null;
                }
                case 4 -> {
                    // the same header twice with the same value; whether the container takes it or not, the body is
                    // the one described, so if it goes out it carries these bytes
                    if (rnd.nextBoolean() && !headers.isEmpty()) {
                        headers.add(headers.get(0));
                        extra.add("Content-Length: " + body.length);
                        framed = body;
                        label = "content-type-twice";
                    } else {
                        extra.add("Transfer-Encoding: chunked");
                        extra.add("Transfer-Encoding: chunked");
                        framed = chunked(body, "", "");
                        label = "transfer-encoding-twice";
                    }
                    base.mustSucceed = false;
                }
                case 5, 6 -> {
                    // valid chunking: the same request, the same bytes
                    extra.add("Transfer-Encoding: chunked");
                    framed = chunked(body, rnd.nextInt(3) == 0 ? ";ext=" + randomWord() : "", rnd.nextInt(4) == 0 ? "X-Trailer: 1\r\n" : "");
                    label = "chunked";
                    if (rnd.nextInt(4) == 0) {
                        // C39: with a Content-Length too, the chunked coding decides the body (RFC 9112 6.3)
                        extra.add("Content-Length: " + (body.length + rnd.nextInt(5)));
                        label = "chunked-and-content-length";
                        base.mustSucceed = false;
                    }
                }
                case 7 -> {
                    extra.add("Transfer-Encoding: chunked");
                    byte[] whole = chunked(body, "", "");
                    framed = Arrays.copyOf(whole, 3 + rnd.nextInt(Math.max(1, whole.length - 8)));
                    label = "chunked-cut";
                    base.fails(400, FAULT, INVAL);
                    base.payload = null;
                }
                case 8 -> {
                    extra.add("Transfer-Encoding: chunked");
                    String size = pick("zz", "-1", "fffffffffffffffffff", "", "1 2", "0x5", "+5", "ffffffff", "7fffffffffffffff", "g");
                    framed = concat((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1), body, "\r\n0\r\n\r\n".getBytes());
                    label = "chunk-size-invalid";
                    base.fails(null);
                    base.payload = null;
                }
                case 9 -> {
                    extra.add("Transfer-Encoding: chunked");
                    // a chunk that says less than it carries: the data runs into where the next size line should be
                    int n = Math.max(1, body.length / 2);
                    framed = concat((Integer.toHexString(n) + "\r\n").getBytes(), body, "\r\n0\r\n\r\n".getBytes());
                    label = "chunk-overrun";
                    base.fails(400, FAULT, INVAL);
                    base.payload = null;
                }
                case 10 -> {
                    extra.add("Transfer-Encoding: chunked");
                    byte[] whole = chunked(body, "", "");
                    framed = Arrays.copyOf(whole, whole.length - 5);
                    label = "chunked-no-last-chunk";
                    base.fails(400, FAULT, INVAL);
                    base.payload = null;
                }
                case 11 -> {
                    extra.add("Transfer-Encoding: " + pick("gzip", "chunked, gzip", "identity", "chunkedx", "compress", "deflate, chunked"));
                    framed = body;
                    label = "transfer-coding-unsupported";
                    base.fails(null, "WSAEOPNOTSUPP", INVAL);
                    base.gateway = Set.of(501);
                    base.payload = null;
                }
                case 12 -> {
                    extra.add("Content-Length: " + body.length);
                    extra.add("Content-Length: " + body.length);
                    framed = body;
                    label = "content-length-twice-same";
                    base.mustSucceed = false;
                }
                case 13 -> {
                    extra.add("Content-Length: " + body.length);
                    extra.add(pick("Host: 127.0.0.1:" + port, "Host: localhost"));
                    framed = body;
                    label = "host-twice";
                    keep(base).fails(400, INVAL);
                }
                case 14 -> {
                    extra.add("Content-Length: " + body.length);
                    extra.add(pick("Bad Header: x", "NoColon", "X-Nul: a\u0000b", "X-Big: " + "b".repeat(20_000), ": empty-name",
                            "X-A" + "a".repeat(9000) + ": 1"));
                    framed = body;
                    label = "bad-header-line";
                    keep(base).fails(400, INVAL);
                }
                case 15 -> {
                    line = pick(base.method + " " + base.target + " HTTP/1.2",
                            base.method + " " + base.target + " HTTP/3.0", base.method + " " + base.target + " HTTP/1.1x",
                            base.method + " " + base.target + "#frag HTTP/1.1",
                            base.method + " " + base.target + " http/1.1", base.method + " " + base.target + " HTTP/01.1",
                            base.method + " " + base.target.replace("/api", "/a{pi") + " HTTP/1.1",
                            base.method + " " + base.target.replace("/v1", "/v1 x") + " HTTP/1.1");
                    extra.add("Content-Length: " + body.length);
                    framed = body;
                    label = "bad-request-line";
                    keep(base).fails(null);
                    base.gateway = Set.of(505);
                }
                case 16 -> {
                    // C40: malformed percent-escapes in the path
                    String bad = pick("%zz", "%", "%4", "%c3%28", "%C0%AF", "%ed%a0%80", "%f4%90%80%80", "%ff", "%e2%82", "%%",
                            "%g1", "%2f", "%5C", "%00");
                    String target = insertIntoPath(base.target, bad);
                    line = base.method + " " + target + " HTTP/1.1";
                    extra.add("Content-Length: " + body.length);
                    framed = body;
                    label = "path-escape";
                    keep(base).fails(400, INVAL);
                }
                case 17 -> {
                    // C40: malformed percent-escapes in the query
                    String bad = pick("%zz", "%", "%4", "%c3%28", "%C0%AF", "%ed%a0%80", "%ff", "%e2%82", "%%", "%g1");
                    String sep = base.target.contains("?") ? "&" : "?";
                    String target = base.target + sep + pick("x=" + bad, bad + "=1", "flags=" + bad, "a" + bad + "b");
                    line = base.method + " " + target + " HTTP/1.1";
                    extra.add("Content-Length: " + body.length);
                    framed = body;
                    label = "query-escape";
                    keep(base).fails(400, INVAL);
                }
                case 18 -> {
                    extra.add("Content-Length: " + body.length);
                    extra.add("Expect: " + pick("100-maybe", "200-ok", "x"));
                    framed = body;
                    label = "expect-unsupported";
                    keep(base).fails(417, INVAL);
                }
                default -> {
                    // valid spellings of the same call: the bytes that go out do not change
                    String target = pick(base.target.replace("/sockets/", "/sockets;v=1/"), base.target.replace("/api/", "/api/./"),
                            base.target.replace("/v1/", "/v1/x/../"), base.target.replace("/sockets/s-", "/sockets/%73-"));
                    line = base.method + " " + target + " HTTP/1.1";
                    extra.add("Content-Length: " + body.length);
                    if (rnd.nextBoolean()) {
                        extra.add("Expect: 100-continue");
                    }
                    framed = body;
                    label = "path-spelling";
                    base.mustSucceed = false;
                }
            }
            if (!send) {
                base.payload = null;
            }
            if (base.kind == Kind.LISTEN && !base.mustFail) {
                base.mustSucceed = false;
            }
            base.label(label);
            StringBuilder head = new StringBuilder(line).append("\r\n");
            boolean hostGiven = extra.stream().anyMatch(h -> h.startsWith("Host:"));
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            for (String[] h : headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            for (String h : extra) {
                head.append(h).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            base.raw = concat(head.toString().getBytes(StandardCharsets.UTF_8), framed);
            if (hostGiven && !label.equals("host-twice")) {
                throw new IllegalStateException("two hosts by accident");
            }
            return base;
        }

        /**
         * The body is intact and only what is around it is wrong: should the service take it anyway (a defect,
         * reported), the model still knows the bytes it carries.
         */
        Req keep(Req r) {
            r.onSuccess = null;
            return r;
        }

        /**
         * Puts {@code bad} at the end of a path segment, so that what follows it (a slash, the query, the end)
         * cannot complete it into a valid escape ({@code %4} then {@code e} would be {@code %4e}).
         */
        String insertIntoPath(String target, String bad) {
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            String query = q < 0 ? "" : target.substring(q);
            List<Integer> ends = new ArrayList<>();
            for (int i = 1; i < path.length(); i++) {
                if (path.charAt(i) == '/') {
                    ends.add(i);
                }
            }
            ends.add(path.length());
            int at = pick(ends);
            return path.substring(0, at) + bad + path.substring(at) + query;
        }

        // -----------------------------------------------------------------------------------------------
        // JSON bodies of the calls Jackson reads: mutations of a valid body

        /** What a mutation did; {@code definite}: no reading of it is valid. */
        final class Mut {
            Obj base;
            String touched;
            boolean definite;
        }

        /**
         * Applies one mutation to {@code base} and sets the body, label and expectation of {@code r}.
         *
         * @param required fields whose absence is refused with {@code missingCode}
         */
        Mut controlMutation(Req r, Obj base, Map<String, FType> schema, Set<String> required, String missingCode) {
            Mut m = new Mut();
            m.base = base;
            int w = rnd.nextInt(100);
            if (w < 30) {
                jsonSyntax(r, base.json(), false);
                m.definite = true;
                return m;
            }
            if (w < 48) {
                nameMutation(r, m, base, schema, required, missingCode);
                return m;
            }
            if (w < 90 && !base.fields.isEmpty()) {
                String[] f = base.fields.get(rnd.nextInt(base.fields.size()));
                m.touched = f[0];
                FType type = schema.get(f[0]);
                f[1] = valueMutation(type);
                r.json(base.json()).label("value-" + type.name().toLowerCase(Locale.ROOT)).maybe();
                return m;
            }
            if (w < 95) {
                // C39: past max-control-request-size: refused before it is read
                String big = "x".repeat(CONTROL_BODY_LIMIT + 1 + rnd.nextInt(200_000));
                base.put(base.fields.isEmpty() ? "noDelay" : base.fields.get(0)[0], q(big));
                r.json(base.json()).label("too-large").fails(413, "WSAENOBUFS");
                m.definite = true;
                return m;
            }
            int depth = pick(100, 2000, 10_000);
            String deep = rnd.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            if (base.fields.isEmpty()) {
                r.json(deep);
            } else {
                String[] f = base.fields.get(rnd.nextInt(base.fields.size()));
                f[1] = deep;
            }
            r.json(base.fields.isEmpty() ? deep : base.json()).label("deep-nesting").fails(400, FAULT, INVAL);
            m.definite = true;
            return m;
        }

        /** Only mutations that no reading can accept: for calls on the connected socket that must not act. */
        void definiteControlMutation(Req r, Obj base, Map<String, FType> schema, Set<String> required, String missingCode) {
            Mut m = new Mut();
            m.base = base;
            int w = rnd.nextInt(3);
            if (w == 0) {
                jsonSyntax(r, base.json(), false);
            } else if (w == 1 && !required.isEmpty()) {
                nameMutation(r, m, base, schema, required, missingCode);
                if (!r.mustFail) {
                    jsonSyntax(r, base.json(), false);
                }
            } else {
                String[] f = base.fields.get(0);
                FType type = schema.get(f[0]);
                f[1] = pick(type == FType.ENUM ? List.of("\"SD_SIDEWAYS\"", "1", "0", "2", "true", "[]", "{}", "\"sd_send\"", "\"SD_SEND_\"",
                        "\"\\ud800\"", "\"SD_\u00e9\"", "null", "\"\"") : List.of("1", "true", "[]", "{}", "null"));
                r.json(base.json()).label("value-definitely-wrong").fails(400, INVAL);
            }
        }

        void nameMutation(Req r, Mut m, Obj base, Map<String, FType> schema, Set<String> required, String missingCode) {
            int w = rnd.nextInt(4);
            if (w == 0 || base.fields.isEmpty()) {
                // C40: a field the call does not know, or one it knows misspelt
                String name = rnd.nextBoolean() || schema.isEmpty() ? pick(UNKNOWN_NAMES)
                        : misspell(pick(new ArrayList<>(schema.keySet())), schema.keySet());
                base.fields.add(rnd.nextInt(base.fields.size() + 1), new String[] {name, pick("1", "\"x\"", "true", "null", "[]")});
                r.json(base.json()).label(schema.isEmpty() ? "unknown-field" : "misspelt-field").fails(400, INVAL);
            } else if (w == 1) {
                String[] f = base.fields.get(rnd.nextInt(base.fields.size()));
                f[0] = misspell(f[0], schema.keySet());
                r.json(base.json()).label("misspelt-field").fails(400, INVAL);
            } else if (w == 2) {
                String[] f = base.fields.get(rnd.nextInt(base.fields.size()));
                base.fields.add(new String[] {f[0], f[1]});
                r.json(base.json()).label("duplicate-field").fails(400, INVAL);
            } else {
                String[] f = base.fields.remove(rnd.nextInt(base.fields.size()));
                r.json(base.json()).label("missing-field");
                m.touched = f[0];
                if (required.contains(f[0])) {
                    r.fails(400, missingCode, "WSAEADDRNOTAVAIL");
                } else {
                    r.maybe();
                }
            }
            m.definite = r.mustFail;
        }

        String valueMutation(FType type) {
            return switch (type) {
                case STRING -> pick(pick(WRONG_FOR_STRING), pick(ODD_HOSTS));
                case ENUM -> pick("\"tcp\"", "\"SCTP\"", "1", "true", "[]", "{}", "\"\"", "\" TCP\"", "\"TCP \"", "null",
                        "\"\\ud800\"", "\"T\\u0000CP\"", "\"" + "T".repeat(5000) + "\"", "[\"TCP\"]");
                case INT, LONG -> rnd.nextBoolean() ? pick(NUMBERS) : pick("\"abc\"", "\"12\"", "true", "false", "[]", "[1]", "{}",
                        "\"\"", "\" 1\"", "\"0x10\"", "\"1e2\"", "null", "\"-\"", "\"\\u0661\"");
                case TIMEOUT -> rnd.nextBoolean() ? pick(TIMEOUT_NUMBERS) : pick("\"abc\"", "\"12\"", "true", "[]", "[1]", "{}",
                        "\"\"", "null", "\"1e2\"");
                case BOOL -> pick("\"yes\"", "1", "0", "\"true\"", "[]", "{}", "\"\"", "2", "\"TRUE\"", "null", "-1", "1.5",
                        "\"\\ud800\"");
                case IDS -> pick("1", "\"1\"", "[\"x\"]", "[[1]]", "[{}]", "{}", "true", "[1,null]", "[1.5]", "[]", "null",
                        "[" + pick(NUMBERS) + "]", "[-1]", "[99999999999999999999]", "[1e2]", "\"[1]\"");
            };
        }

        /**
         * A body that is not JSON, or not the object the call reads (C29: WSAEFAULT for what is not JSON or
         * broke off). {@code send}: read by the service's own streaming reader, which is exact about codes.
         */
        void jsonSyntax(Req r, String json, boolean send) {
            int w = rnd.nextInt(11);
            byte[] body;
            String label;
            Set<String> codes = Set.of(FAULT);
            switch (w) {
                case 0 -> {
                    body = utf8(json.substring(0, rnd.nextInt(json.length())));
                    label = "truncated";
                }
                case 1 -> {
                    // only where the structure is, never inside a string (a text value may hold commas)
                    int at = pick(json.indexOf('{') + 1, json.lastIndexOf('}'), json.indexOf('[') + 1);
                    if (at <= 0) {
                        at = json.length() - 1;
                    }
                    body = utf8(json.substring(0, at) + pick(",", ",,", ", ,") + json.substring(at));
                    label = "extra-comma";
                }
                case 2 -> {
                    String s = rnd.nextBoolean() ? json.replaceFirst("\\{", "[") : json.substring(0, json.lastIndexOf('}')) + "]"
                            + json.substring(json.lastIndexOf('}') + 1);
                    if (json.contains("[") && rnd.nextBoolean()) {
                        s = json.replaceFirst("\\[", "{");
                    }
                    body = utf8(s);
                    label = "wrong-bracket";
                    codes = Set.of(FAULT, INVAL);
                }
                case 3 -> {
                    // bytes that are not UTF-8, inside a string
                    int quote = json.indexOf('"', 1 + rnd.nextInt(Math.max(1, json.length() - 1)));
                    if (quote < 0) {
                        quote = json.indexOf('"');
                    }
                    byte[] bad = pick(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
                    byte[] all = utf8(json);
                    int at = quote < 0 ? 1 : utf8(json.substring(0, quote + 1)).length;
                    body = concat(Arrays.copyOf(all, at), bad, Arrays.copyOfRange(all, at, all.length));
                    label = "invalid-utf8";
                    int value = json.indexOf("\":\"");
                    if (rnd.nextBoolean() && value >= 0 && value + 3 < json.length() && json.charAt(value + 3) < 0x80
                            && json.charAt(value + 3) != '"' && json.charAt(value + 3) != '\\') {
                        // an ASCII character of a value in an overlong form ("T\xC1\x83P" read as "TCP"), which
                        // only a strict decoder refuses
                        int c = json.charAt(value + 3);
                        byte[] overlong = rnd.nextBoolean() ? new byte[] {(byte) (0xC0 | c >> 6), (byte) (0x80 | c & 0x3F)}
                                : new byte[] {(byte) 0xE0, (byte) (0x80 | c >> 6), (byte) (0x80 | c & 0x3F)};
                        int from = utf8(json.substring(0, value + 3)).length;
                        body = concat(Arrays.copyOf(all, from), overlong, Arrays.copyOfRange(all, from + 1, all.length));
                        label = "overlong-utf8";
                    }
                }
                case 4 -> {
                    // a raw control character inside a string (a name, when the object has no member to put it in)
                    int quote = json.indexOf('"');
                    String control = pick("\u0001", "\u001f", "\t", "\n", "\u0000");
                    body = utf8(quote < 0 ? "{\"a" + control + "\":1}" : json.substring(0, quote + 1) + control + json.substring(quote + 1));
                    label = "control-char";
                }
                case 5 -> {
                    body = utf8(json + pick(" x", "}", "]", ",", " {}", "\u0000", " //c", " null", "\"", "{\"a\":1}"));
                    label = "trailing-garbage";
                    codes = Set.of(FAULT, INVAL);
                }
                case 6 -> {
                    int colon = json.indexOf(':');
                    int end = json.indexOf(',', colon);
                    if (end < 0) {
                        end = json.lastIndexOf('}');
                    }
                    String token = pick("NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "0x10", "'single'", "undefined",
                            "True", "nul", "tru", "-", "1e", "1e+", "--1", "\"unterminated");
                    body = colon < 0 ? utf8(token) : utf8(json.substring(0, colon + 1) + token + json.substring(end));
                    label = "not-a-json-token";
                    codes = Set.of(FAULT, INVAL);
                }
                case 7 -> {
                    body = utf8(pick("", " ", "\r\n\t ", "null", "[]", "\"x\"", "1", "true", "{", "}", "[", "{}}", "{\"\"}", ":",
                            "\u0000"));
                    label = "not-an-object";
                    codes = Set.of(FAULT, INVAL);
                }
                case 8 -> {
                    body = utf8(pick("/* c */ ", "// c\n", "# c\n") + json);
                    label = "comment";
                }
                case 9 -> {
                    String unquoted = json.replaceFirst("\"([A-Za-z]+)\":", rnd.nextBoolean() ? "$1:" : "'$1':");
                    body = utf8(unquoted.equals(json) ? "{a:1}" : unquoted);
                    label = "unquoted-name";
                }
                default -> {
                    // a string value with an escape that is none, or a surrogate left alone
                    int quote = json.indexOf("\":\"");
                    String esc = pick("\\x41", "\\u12Z", "\\u12G4", "\\a", "\\", "\\U0041", "\\ud800", "\\udc00\\ud800");
                    if (quote < 0) {
                        body = utf8("{\"" + esc + "\":1}");
                    } else {
                        body = utf8(json.substring(0, quote + 3) + esc + json.substring(quote + 3));
                    }
                    label = "bad-escape";
                    if (!send && (esc.equals("\\ud800") || esc.equals("\\udc00\\ud800"))) {
                        // Jackson takes lone surrogates into a Java string; what the call then makes of it is an INVAL
                        codes = Set.of(FAULT, INVAL, "WSAEADDRNOTAVAIL");
                    }
                }
            }
            r.json(body).label(label);
            r.fails(400, codes.toArray(String[]::new));
            r.payload = null;
        }

        // -----------------------------------------------------------------------------------------------
        // Performing and checking

        Answer perform(Req r) {
            byTransport.merge(r.raw != null || r.stream ? "socket" : "java.net.http", 1, Integer::sum);
            if (r.raw == null && !r.stream) {
                HttpRequest request = httpRequest(r);
                if (request == null) {
                    r.raw = rawRequest(r);
                } else {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                        Map<String, String> headers = new HashMap<>();
                        resp.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
                        return new Answer(resp.statusCode(), headers, resp.body(), (System.nanoTime() - t) / 1_000_000, null);
                    } catch (IOException e) {
                        return new Answer(-1, Map.of(), "", (System.nanoTime() - t) / 1_000_000, "no answer: " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            return exchange(r.raw != null ? r.raw : rawRequest(r), r.head, r.stream);
        }

        HttpRequest httpRequest(Req r) {
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

        byte[] rawRequest(Req r) {
            StringBuilder head = new StringBuilder(r.method).append(' ').append(r.target).append(" HTTP/1.1\r\n");
            boolean host = false;
            for (String[] h : r.headers) {
                head.append(h[0]).append(": ").append(h[1]).append("\r\n");
                host |= h[0].equalsIgnoreCase("Host");
            }
            if (!host) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            if (r.body != null) {
                head.append("Content-Length: ").append(r.body.length).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
            return r.body == null ? h : concat(h, r.body);
        }

        /** One request over a plain socket, bounded in time; for a stream, the head only, then the test hangs up. */
        Answer exchange(byte[] request, boolean head, boolean stream) {
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
                        return new Answer(-1, Map.of(), show(got.toByteArray(), 300), CLIENT_TIMEOUT_MS,
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
                return new Answer(-1, Map.of(), "", (System.nanoTime() - t) / 1_000_000, "could not connect: " + e);
            }
            Answer last = parse(got.toByteArray(), head, stream, true, t);
            return last != null ? last : new Answer(-1, Map.of(), show(got.toByteArray(), 300),
                    (System.nanoTime() - t) / 1_000_000, "the connection closed without a complete answer");
        }

        Answer parse(byte[] bytes, boolean head, boolean stream, boolean ended, long started) {
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
                return new Answer(-1, Map.of(), show(bytes, 300), 0, "not an HTTP/1.1 status line: " + lines[0]);
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

        void check(Req r, Answer a) {
            byKind.merge(r.kind.name(), 1, Integer::sum);
            if (r.mustFail) {
                malformed++;
            }
            byMutation.merge(r.mutation, 1, Integer::sum);
            byStatus.merge(a.status(), 1, Integer::sum);
            if (a.millis() > slowest) {
                slowest = a.millis();
                slowestRequest = r.kind + "/" + r.mutation;
            }
            if (a.failure() != null) {
                // a hang or a connection closed without an answer
                failure(r, a, a.failure());
                return;
            }
            int s = a.status();
            // C34, C40: never a 500; the only 5xx are 502 (a connect refused), 503 (C28, C39: the budget; C38: the
            // limit of streams) and 504 (C38: a bounded accept ran out), each where this input may draw it
            if (s >= 500 && !(GATEWAY.contains(s) && r.gateway.contains(s))) {
                failure(r, a, "a " + s + " this input should never draw");
            }
            if (s >= 400) {
                checkProblem(r, a);
                if (r.mustSucceed) {
                    failure(r, a, "a valid request was refused");
                }
                return;
            }
            if (s < 200 || s >= 300) {
                failure(r, a, "neither a success nor an error");
                return;
            }
            if (r.mustFail) {
                failure(r, a, "a malformed request was accepted" + (r.kind.name().startsWith("SEND") ? " (C29: it may send nothing)" : ""));
            }
            try {
                checkShape(r, a);
                if (r.onSuccess != null) {
                    r.onSuccess.accept(a);
                }
            } catch (AssertionError | RuntimeException e) {
                failure(r, a, "the answer is not of the documented shape: " + e.getMessage());
            }
        }

        /** C24, C40: a problem detail, with a WSA name and number that fit the status, in words, naming no Java type. */
        void checkProblem(Req r, Answer a) {
            if (r.head) {
                if (!a.contentType().startsWith("application/problem+json")) {
                    failure(r, a, "an error to HEAD without the problem content type");
                }
                return;
            }
            JsonNode problem;
            try {
                problem = ProblemAnswers.assertAnyProblem(a.status(), a.contentType(), a.body());
            } catch (AssertionError e) {
                failure(r, a, "not a proper problem detail: " + firstLine(e.getMessage()));
                return;
            }
            // C24: the WSA name is one of Winsock's, with its own number, and goes with the HTTP status
            String wsa = problem.path("wsaError").asString();
            WsaError error;
            try {
                error = WsaError.valueOf(wsa);
            } catch (IllegalArgumentException e) {
                failure(r, a, "an unknown WSA name " + wsa);
                return;
            }
            if (problem.path("wsaCode").asInt() != error.code()) {
                failure(r, a, "wsaCode " + problem.path("wsaCode") + " is not the number of " + wsa + " (" + error.code() + ")");
            }
            Set<String> fits = CODES_BY_STATUS.get(a.status());
            if (fits == null) {
                failure(r, a, "an unexpected status " + a.status());
            } else if (!fits.isEmpty() && !fits.contains(wsa)) {
                failure(r, a, wsa + " does not go with " + a.status() + " (README's table)");
            }
            String detail = problem.path("detail").asString();
            Matcher contradiction = CONTRADICTION.matcher(detail);
            if (contradiction.find()) {
                failure(r, a, "the detail contradicts itself: " + contradiction.group());
            }
            if (r.status != null && r.status != a.status()) {
                failure(r, a, "expected " + r.status + " " + (r.wsa == null ? "" : r.wsa));
            } else if (r.wsa != null && !r.wsa.contains(wsa)) {
                failure(r, a, "expected one of " + r.wsa);
            }
        }

        void checkShape(Req r, Answer a) {
            if (r.head || r.shape == Shape.NONE) {
                return;
            }
            if (r.shape == Shape.STREAM) {
                assertThat(a.contentType()).startsWith("text/event-stream");
                return;
            }
            assertThat(a.contentType()).as("content type").matches("application/([a-z0-9.-]+\\+)?json.*");
            JsonNode json = Api.JSON.readTree(a.body());
            switch (r.shape) {
                case SOCKET -> socketShape(json);
                case SOCKETS -> {
                    assertThat(json.isArray()).isTrue();
                    json.forEach(this::socketShape);
                }
                case LISTENER -> listenerShape(json);
                case LISTENERS -> {
                    assertThat(json.isArray()).isTrue();
                    json.forEach(this::listenerShape);
                }
                case OPERATION -> {
                    operationShape(json);
                    String id = r.target.replaceAll(".*/operations/([^?]+).*", "$1");
                    assertThat(json.path("id").asString()).isEqualTo(id);
                    if (json.path("status").asString().equals("PENDING")) {
                        assertThat(json.path("wsaError").asString()).isEqualTo("WSA_IO_INCOMPLETE");
                        assertThat(json.path("wsaCode").asInt()).isEqualTo(996);
                    } else {
                        assertThat(json.path("completedAt").isString()).as("completedAt").isTrue();
                    }
                }
                case SENT -> sent(r, a, json);
                case WAIT -> {
                    assertThat(json.path("completed").isArray()).as("completed").isTrue();
                    assertThat(json.path("pending").isArray()).as("pending").isTrue();
                    assertThat(json.path("timedOut").isBoolean()).as("timedOut").isTrue();
                    Set<Long> answered = new HashSet<>();
                    json.path("completed").forEach(n -> answered.add(n.asLong()));
                    json.path("pending").forEach(n -> answered.add(n.asLong()));
                    if (r.mutation.equals("valid")) {
                        assertThat(knownOps).as("operations named in the answer").containsAll(answered);
                    }
                }
                case CANCEL -> {
                    assertThat(json.path("socketId").isString()).isTrue();
                    assertThat(json.path("abortedOperationIds").isArray()).isTrue();
                    assertThat(json.path("abortedSends").asInt()).isGreaterThanOrEqualTo(json.path("abortedOperationIds").size());
                    json.path("abortedOperationIds").forEach(n -> assertThat(knownOps).contains(n.asLong()));
                }
                case SESSION -> {
                    assertThat(json.path("tokenRequired").isBoolean()).isTrue();
                    assertThat(json.path("authenticated").isBoolean()).isTrue();
                }
                case HEALTH -> assertThat(json.path("status").asString()).isEqualTo("UP");
                default -> {
                }
            }
        }

        void socketShape(JsonNode s) {
            assertThat(s.path("id").asString()).matches("s-\\d+");
            assertThat(s.path("type").asString()).isIn("TCP", "UDP");
            assertThat(s.path("state").asString()).isNotBlank();
            assertThat(s.path("overlapped").isBoolean()).isTrue();
            assertThat(s.path("nonBlocking").isBoolean()).isTrue();
            JsonNode stats = s.path("stats");
            for (String counter : List.of("sends", "bytesSent", "pendingOperations", "failedSends")) {
                assertThat(stats.path(counter).isIntegralNumber()).as("stats." + counter).isTrue();
                assertThat(stats.path(counter).asLong()).as("stats." + counter).isGreaterThanOrEqualTo(0);
            }
        }

        void listenerShape(JsonNode l) {
            assertThat(l.path("id").asString()).matches("l-\\d+");
            assertThat(l.path("localAddress").isString()).isTrue();
            assertThat(l.path("localPort").asInt()).isBetween(1, 65535);
            assertThat(l.path("backlog").isIntegralNumber()).isTrue();
        }

        void operationShape(JsonNode op) {
            assertThat(op.path("socketId").isString()).as("socketId").isTrue();
            assertThat(op.path("status").asString()).isIn("PENDING", "COMPLETED", "FAILED", "ABORTED");
            assertThat(op.path("bytesTransferred").asLong()).isBetween(0L, op.path("totalBytes").asLong());
            assertThat(op.path("bufferCount").isIntegralNumber()).isTrue();
            assertThat(op.path("flags").isArray()).isTrue();
            assertThat(op.path("submittedAt").isString()).isTrue();
        }

        /** A send's answer (C11-C13), and the model of what the peer gets (C7, C8). */
        void sent(Req r, Answer a, JsonNode op) {
            operationShape(op);
            if (r.payload == null) {
                throw new AssertionError("a send the test cannot account for was accepted");
            }
            assertThat(op.path("socketId").asString()).isEqualTo(sock);
            assertThat(op.path("totalBytes").asLong()).as("totalBytes").isEqualTo(r.payload.length);
            if (r.buffers >= 0 && !r.mutation.startsWith("content-length")) {
                assertThat(op.path("bufferCount").asInt()).as("bufferCount").isEqualTo(r.buffers);
            }
            boolean overlapped = op.path("overlapped").asBoolean();
            if (a.status() == 202) {
                assertThat(op.path("status").asString()).isEqualTo("PENDING");
                assertThat(op.path("wsaError").asString()).isEqualTo("WSA_IO_PENDING");
                assertThat(op.path("wsaCode").asInt()).isEqualTo(997);
                assertThat(a.header("Location")).isEqualTo("/api/v1/operations/" + op.path("id").asLong());
            } else {
                assertThat(a.status()).isEqualTo(200);
                assertThat(op.path("status").asString()).isEqualTo("COMPLETED");
                assertThat(op.path("bytesTransferred").asLong()).isEqualTo(r.payload.length);
            }
            if (overlapped) {
                long id = op.path("id").asLong();
                assertThat(id).isPositive();
                assertThat(knownOps).as("a new operation id").doesNotContain(id);
                knownOps.add(id);
                accepted.add(new Accepted(id, r.payload, -1));
            } else {
                assertThat(op.has("id")).as("a non-overlapped send has no id").isFalse();
                accepted.add(new Accepted(null, r.payload, op.path("bytesTransferred").asLong()));
            }
        }

        void failure(Req r, Answer a, String what) {
            failureCount++;
            if (failures.size() < 60) {
                String at = r == null ? "" : "#" + index + " " + r.kind + "/" + r.mutation + ": " + r.describe();
                String got = a == null ? "" : " -> " + a.status() + " " + a.contentType() + " " + abbreviate(a.body(), 400);
                failures.add(what + "\n    " + at + got);
            }
        }

        // -----------------------------------------------------------------------------------------------
        // After the run

        void finalChecks(long heldBefore, long sendsBefore, long sequenceBefore) throws Exception {
            // C38: no accept, bounded wait or blocking send left waiting
            for (Waits.Kind k : Waits.Kind.values()) {
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (waits.inProgress(k) != 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (waits.inProgress(k) != 0) {
                    failure(null, null, waits.inProgress(k) + " waits of kind " + k + " still in progress");
                }
            }

            // C11, C15: every operation the test saw accepted has ended; read back, it says how
            Map<Long, JsonNode> ended = new LinkedHashMap<>();
            for (long id : knownOps) {
                Api.Reply reply = api.get("/api/v1/operations/" + id + "?waitMs=3000");
                if (reply.status() != 200) {
                    failure(null, null, "operation " + id + " could not be read back: " + reply);
                    continue;
                }
                JsonNode op = reply.json();
                if (op.path("status").asString().equals("PENDING")) {
                    failure(null, null, "operation " + id + " never ended: " + reply.body());
                }
                ended.put(id, op);
            }

            // C7, C8, C29: the peer got exactly the bytes of the valid sends, in the order they were accepted
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (Accepted s : accepted) {
                long n = s.id() == null ? s.bytesWhenAnswered() : ended.containsKey(s.id())
                        ? ended.get(s.id()).path("bytesTransferred").asLong() : s.payload().length;
                expected.write(s.payload(), 0, (int) n);
            }
            byte[] want = expected.toByteArray();
            byte[] got = peer.awaitBytes(want.length, Duration.ofSeconds(10));
            Thread.sleep(200);
            got = peer.received();
            if (!Arrays.equals(want, got)) {
                int at = 0;
                while (at < Math.min(want.length, got.length) && want[at] == got[at]) {
                    at++;
                }
                failure(null, null, "the peer got " + got.length + " bytes, the valid sends carry " + want.length
                        + "; they first differ at byte " + at);
            }

            // C5: every accepted send counted, and only those
            long sends = api.get("/api/v1/sockets/" + sock).json().path("stats").path("sends").asLong();
            if (sends - sendsBefore != accepted.size()) {
                failure(null, null, "the socket counts " + (sends - sendsBefore) + " sends; the service accepted "
                        + accepted.size());
            }

            // C11, C14: each accepted operation ended exactly once, and no other send was started
            Map<Long, Integer> completions = completions(sequenceBefore, knownOps);
            for (long id : knownOps) {
                int n = completions.getOrDefault(id, 0);
                if (n != 1) {
                    failure(null, null, "operation " + id + " has " + n + " completion events");
                }
            }
            for (Map.Entry<Long, Integer> e : completions.entrySet()) {
                if (!knownOps.contains(e.getKey())) {
                    failure(null, null, "operation " + e.getKey() + " completed, but no answer said it was accepted");
                }
            }

            // C28, C39: what the run held is given back
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (budget.held() != heldBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (budget.held() != heldBefore) {
                failure(null, null, "the byte budget holds " + budget.held() + " bytes, " + heldBefore + " before the run");
            }

            // C38: every stream the test hung up on gave its slot back
            deadline = System.nanoTime() + 6_000_000_000L;
            while (!streams.list().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!streams.list().isEmpty()) {
                failure(null, null, streams.list().size() + " event streams still open: " + streams.list());
            }

            // the service is healthy, and a valid send on a fresh socket still reaches its peer byte for byte
            Api.Reply health = api.get("/actuator/health");
            if (health.status() != 200 || !health.field("status").equals("UP")) {
                failure(null, null, "health: " + health);
            }
            try (TcpPeer fresh = TcpPeer.listening()) {
                String id = api.openTcp(fresh.port());
                fresh.accept().startReading();
                byte[] a = randomBytes(3000);
                byte[] b = randomBytes(17);
                Api.Reply sent = api.send(id, a, b);
                if (sent.status() != 200 && sent.status() != 202) {
                    failure(null, null, "a valid send on a fresh socket: " + sent);
                }
                byte[] arrived = fresh.awaitBytes(a.length + b.length, Duration.ofSeconds(10));
                if (!Arrays.equals(concat(a, b), arrived)) {
                    failure(null, null, "a fresh socket's peer got " + arrived.length + " bytes, not the " + (a.length + b.length) + " sent");
                }
                api.delete("/api/v1/sockets/" + id);
            }
        }

        /** The completion events since {@code after}, counted per operation (C11, C17), read from the event stream. */
        Map<Long, Integer> completions(long after, Set<Long> expected) throws IOException {
            Map<Long, Integer> counts = new TreeMap<>();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                s.setSoTimeout(300);
                s.getOutputStream().write(("GET /api/v1/events HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nLast-Event-ID: " + after
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = s.getInputStream();
                StringBuilder text = new StringBuilder();
                byte[] buf = new byte[65536];
                long deadline = System.nanoTime() + 15_000_000_000L;
                boolean quiet = false;
                while (System.nanoTime() < deadline) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (SocketTimeoutException e) {
                        if (quiet) {
                            break;
                        }
                        quiet = counted(text, counts).containsAll(expected);
                        continue;
                    }
                    if (n < 0) {
                        break;
                    }
                    text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    quiet = false;
                }
                counted(text, counts);
            }
            return counts;
        }

        Set<Long> counted(StringBuilder text, Map<Long, Integer> counts) {
            counts.clear();
            String event = null;
            for (String line : text.toString().split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "completion".equals(event)) {
                    try {
                        counts.merge(Api.JSON.readTree(line.substring(6)).path("id").asLong(), 1, Integer::sum);
                    } catch (RuntimeException partialLine) {
                        // the last line may still be arriving
                    }
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
            return counts.keySet();
        }

        void report(long fuzzMillis, long checkMillis, long totalMillis) {
            System.out.println("[robustness] seed " + seed + ": " + index + " requests in " + fuzzMillis + " ms ("
                    + checkMillis + " ms of final checks, " + totalMillis + " ms in all); slowest answer " + slowest + " ms ("
                    + slowestRequest + ")");
            System.out.println("[robustness] malformed (must be refused): " + malformed + ", the rest valid or either way");
            System.out.println("[robustness] by endpoint: " + byKind);
            System.out.println("[robustness] by transport: " + byTransport);
            System.out.println("[robustness] by mutation: " + byMutation);
            System.out.println("[robustness] by status: " + byStatus);
            System.out.println("[robustness] sends accepted: " + accepted.size() + " (" + knownOps.size() + " overlapped operations, "
                    + accepted.stream().mapToLong(s -> s.payload().length).sum() + " bytes); sockets opened or accepted: "
                    + (spares.size() + closedIds.size()) + "; defects: " + failureCount);
        }

        void cleanUp() {
            for (String id : spares) {
                api.delete("/api/v1/sockets/" + id);
            }
            for (String id : spareListeners) {
                api.delete("/api/v1/listeners/" + id);
            }
            if (listener != null) {
                api.delete("/api/v1/listeners/" + listener);
            }
            if (sock != null) {
                api.delete("/api/v1/sockets/" + sock);
            }
            for (Socket s : listenerClients) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            try {
                peer.close();
            } catch (IOException ignored) {
                // closing
            }
            sink.close();
        }

        // -----------------------------------------------------------------------------------------------
        // Small things

        @SafeVarargs
        final <T> T pick(T... options) {
            return options[rnd.nextInt(options.length)];
        }

        <T> T pick(List<T> options) {
            return options.get(rnd.nextInt(options.size()));
        }

        int pickSize() {
            int w = rnd.nextInt(100);
            return w < 4 ? 0 : w < 60 ? 1 + rnd.nextInt(64) : w < 92 ? 65 + rnd.nextInt(2000) : w < 99 ? 2000 + rnd.nextInt(30_000)
                    : 100_000 + rnd.nextInt(200_000);
        }

        byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return b;
        }

        /** Text of code points up to {@code maxCodePoint}: ASCII, controls, Latin-1, the BMP, emoji. */
        String randomText(int maxCodePoint, boolean nonEmpty) {
            int length = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 5000 : 40);
            if (nonEmpty && length == 0) {
                length = 1;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int cp = switch (rnd.nextInt(10)) {
                    case 6 -> pick(0x0A, 0x09, 0x0D, 0x01, 0x1F, 0x22, 0x5C, 0x2F);
                    case 7 -> 0xA0 + rnd.nextInt(0x60);
                    case 8 -> 0x100 + rnd.nextInt(0xD7FF - 0x100);
                    case 9 -> 0x1F600 + rnd.nextInt(80);
                    default -> 0x20 + rnd.nextInt(0x5F);
                };
                b.appendCodePoint(cp > maxCodePoint ? 0x20 + rnd.nextInt(0x5F) : cp);
            }
            return b.toString();
        }

        /** A JSON string literal of {@code text}, with escapes of every kind, chosen at random where optional. */
        String jsonText(String text) {
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append(rnd.nextBoolean() ? "\\n" : "\\u000a");
                    case '\t' -> b.append("\\t");
                    case '\r' -> b.append("\\r");
                    case '/' -> b.append(rnd.nextBoolean() ? "\\/" : "/");
                    default -> {
                        // a surrogate pair is escaped whole or not at all: half an escape is a lone surrogate
                        boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length();
                        if (c < 0x20 || rnd.nextInt(6) == 0 && c > 0x7F) {
                            b.append(String.format(rnd.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                            if (pair) {
                                b.append(String.format("\\u%04x", (int) text.charAt(++i)));
                            }
                        } else {
                            b.append(c);
                            if (pair) {
                                b.append(text.charAt(++i));
                            }
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        String randomWord() {
            StringBuilder b = new StringBuilder();
            for (int i = 1 + rnd.nextInt(10); i > 0; i--) {
                b.append((char) ('a' + rnd.nextInt(26)));
            }
            return b.toString();
        }

        String misspell(String name, Set<String> known) {
            for (int attempt = 0; attempt < 50; attempt++) {
                String m = switch (rnd.nextInt(8)) {
                    case 0 -> name.toLowerCase(Locale.ROOT);
                    case 1 -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
                    case 2 -> name.length() < 2 ? name + "x" : swap(name, rnd.nextInt(name.length() - 1));
                    case 3 -> name.length() < 2 ? name + "y" : name.substring(0, name.length() - 1);
                    case 4 -> name + "s";
                    case 5 -> name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
                    case 6 -> name.replace("Ms", "MS").replace("Id", "ID");
                    default -> " " + name;
                };
                if (!known.contains(m) && !m.equals(name)) {
                    return m;
                }
            }
            return name + "_x";
        }

        String swap(String s, int i) {
            char[] c = s.toCharArray();
            char t = c[i];
            c[i] = c[i + 1];
            c[i + 1] = t;
            return new String(c);
        }

        /** Valid chunking of {@code body} in random sizes, with an extension and trailers if given. */
        byte[] chunked(byte[] body, String extension, String trailers) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < body.length) {
                int n = Math.min(body.length - at, 1 + rnd.nextInt(Math.max(1, Math.min(body.length, 9000))));
                String size = Integer.toHexString(n);
                out.writeBytes(((rnd.nextBoolean() ? size : size.toUpperCase(Locale.ROOT)) + extension + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, at, n);
                out.writeBytes("\r\n".getBytes());
                at += n;
            }
            out.writeBytes(("0\r\n" + trailers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // A valid JSON send, which mutations take apart

    private static final class SendSpec {
        static final Set<String> NAMES = Set.of("buffers", "flags", "overlapped", "base64", "hex", "text", "charset");

        static final class Buf {
            String field;
            String value;
            String charset;
            boolean charsetFirst;
            String extra;
            byte[] bytes;
        }

        final List<Buf> buffers = new ArrayList<>();
        String flags;
        String overlapped;
        String extraTop;
        final List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
        String space = "";

        static SendSpec valid(Run run) {
            Random rnd = run.rnd;
            SendSpec s = new SendSpec();
            int n = rnd.nextInt(10) == 0 ? 2 + rnd.nextInt(40) : 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                s.buffers.add(buffer(run));
            }
            s.flags = run.pick(null, null, null, "[]", "null", "[\"MSG_DONTROUTE\"]", "[\"\"]", "[\"MSG_DONTROUTE,\"]",
                    "[\" MSG_DONTROUTE \"]");
            s.overlapped = run.pick(null, null, null, "true", "null", "true", "false");
            Collections.shuffle(s.order, rnd);
            s.space = run.pick("", "", " ", "\n", "\r\n\t");
            return s;
        }

        static Buf buffer(Run run) {
            Random rnd = run.rnd;
            Buf b = new Buf();
            int kind = rnd.nextInt(3);
            if (kind == 0) {
                b.field = "base64";
                b.bytes = run.randomBytes(run.pickSize() % 40_000);
                String v = switch (rnd.nextInt(4)) {
                    case 0 -> Base64.getEncoder().withoutPadding().encodeToString(b.bytes);
                    case 1 -> Base64.getMimeEncoder().encodeToString(b.bytes).replace("\r\n", "\\r\\n");
                    default -> Base64.getEncoder().encodeToString(b.bytes);
                };
                b.value = "\"" + v + "\"";
            } else if (kind == 1) {
                b.field = "hex";
                b.bytes = run.randomBytes(run.pickSize() % 20_000);
                String sep = run.pick("", "", " ", ":", "\\n");
                StringBuilder v = new StringBuilder();
                boolean upper = rnd.nextBoolean();
                for (int i = 0; i < b.bytes.length; i++) {
                    String h = String.format(upper ? "%02X" : "%02x", b.bytes[i]);
                    v.append(i == 0 ? "" : sep).append(h);
                }
                b.value = "\"" + v + "\"";
            } else {
                b.field = "text";
                String charset = run.pick(null, null, null, "UTF-8", "utf-8", "ISO-8859-1", "latin1", "US-ASCII", "UTF-16BE",
                        "UTF-16LE", "UTF-16");
                int limit = charset == null || charset.toUpperCase(Locale.ROOT).startsWith("UTF") ? 0x10FFFF
                        : charset.equals("US-ASCII") ? 0x7F : 0xFF;
                String text = run.randomText(limit, charset != null && charset.equals("UTF-16"));
                b.bytes = text.getBytes(charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset));
                b.value = run.jsonText(text);
                if (charset != null) {
                    b.charset = "\"" + charset + "\"";
                    b.charsetFirst = rnd.nextBoolean();
                }
            }
            return b;
        }

        byte[] payload() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            buffers.forEach(b -> out.writeBytes(b.bytes));
            return out.toByteArray();
        }

        String json() {
            StringBuilder b = new StringBuilder("{").append(space);
            List<String> members = new ArrayList<>();
            for (int o : order) {
                if (o == 0) {
                    StringBuilder list = new StringBuilder("\"buffers\":").append(space).append('[');
                    for (int i = 0; i < buffers.size(); i++) {
                        Buf buf = buffers.get(i);
                        List<String> fields = new ArrayList<>();
                        if (buf.charset != null && buf.charsetFirst) {
                            fields.add("\"charset\":" + buf.charset);
                        }
                        fields.add("\"" + buf.field + "\":" + space + buf.value);
                        if (buf.charset != null && !buf.charsetFirst) {
                            fields.add("\"charset\":" + buf.charset);
                        }
                        if (buf.extra != null) {
                            fields.add(buf.extra);
                        }
                        list.append(i == 0 ? "" : "," + space).append('{').append(String.join(",", fields)).append('}');
                    }
                    members.add(list.append(']').toString());
                } else if (o == 1 && flags != null) {
                    members.add("\"flags\":" + space + flags);
                } else if (o == 2 && overlapped != null) {
                    members.add("\"overlapped\":" + overlapped);
                }
            }
            if (extraTop != null) {
                members.add(members.isEmpty() ? 0 : 1, extraTop);
            }
            return b.append(String.join("," + space, members)).append(space).append('}').toString();
        }
    }

    /** A valid multipart/form-data body: one part per buffer. */
    private static final class Multipart {
        final String boundary;
        final List<byte[]> parts = new ArrayList<>();
        final List<String> dispositions = new ArrayList<>();
        boolean quoted;

        Multipart(String boundary) {
            this.boundary = boundary;
        }

        static Multipart valid(Run run) {
            Multipart m = new Multipart(run.pick("----sendgate", "xYz", "--_b0undary_", "a.b-c_d") + run.randomWord());
            m.quoted = run.rnd.nextInt(4) == 0;
            int n = run.rnd.nextInt(10) == 0 ? 5 + run.rnd.nextInt(60) : 1 + run.rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                m.parts.add(run.randomBytes(run.pickSize() % 50_000));
                m.dispositions.add(run.rnd.nextInt(4) == 0 ? "form-data; name=\"p" + i + "\""
                        : "form-data; name=\"p" + i + "\"; filename=\"p" + i + ".bin\"");
            }
            return m;
        }

        byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < parts.size(); i++) {
                String disposition = i < dispositions.size() ? dispositions.get(i) : "form-data; name=\"p" + i + "\"; filename=\"b\"";
                out.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(parts.get(i));
                out.writeBytes("\r\n".getBytes());
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return out.toByteArray();
        }

        byte[] payload() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    /** A JSON object as an ordered list of members, each value as JSON text. */
    private static final class Obj {
        final List<String[]> fields = new ArrayList<>();

        Obj put(String name, String raw) {
            fields.add(new String[] {name, raw});
            return this;
        }

        Obj copy() {
            Obj o = new Obj();
            fields.forEach(f -> o.fields.add(f.clone()));
            return o;
        }

        String json() {
            StringBuilder b = new StringBuilder("{");
            for (String[] f : fields) {
                b.append(b.length() > 1 ? "," : "").append(q(f[0])).append(':').append(f[1]);
            }
            return b.append('}').toString();
        }
    }

    /** A TCP listener on loopback for the sockets the run opens: it accepts everything and holds it. */
    private static final class Sink implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());

        Sink() throws IOException {
            server = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "robustness-sink");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
            synchronized (accepted) {
                for (Socket s : accepted) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Tables

    enum FType { STRING, ENUM, INT, LONG, TIMEOUT, BOOL, IDS }

    private static final Map<String, FType> OPEN_SCHEMA = schema("type", FType.ENUM, "remoteHost", FType.STRING,
            "remotePort", FType.INT, "overlapped", FType.BOOL, "nonBlocking", FType.BOOL, "sendTimeoutMs", FType.LONG,
            "sendBufferBytes", FType.INT, "noDelay", FType.BOOL, "keepAlive", FType.BOOL);
    private static final Map<String, FType> ACCEPT_SCHEMA = schema("overlapped", FType.BOOL, "nonBlocking", FType.BOOL,
            "sendTimeoutMs", FType.LONG, "sendBufferBytes", FType.INT, "noDelay", FType.BOOL, "keepAlive", FType.BOOL);
    private static final Map<String, FType> LISTEN_SCHEMA = schema("host", FType.STRING, "port", FType.INT, "backlog", FType.INT);
    private static final Map<String, FType> SHUTDOWN_SCHEMA = schema("how", FType.ENUM);
    private static final Map<String, FType> WAIT_SCHEMA = schema("operationIds", FType.IDS, "waitAll", FType.BOOL,
            "timeoutMs", FType.TIMEOUT);
    private static final Map<String, FType> SESSION_SCHEMA = schema("token", FType.STRING);
    private static final Obj LISTEN_BASE = new Obj().put("host", "\"127.0.0.1\"").put("port", "0").put("backlog", "4");

    private static final List<String> UNKNOWN_NAMES = List.of("x", "foo", "__proto__", "constructor", "", " ", "\u00e9",
            "$ref", "null", "buffer", "flag", "timeout", "id", "a".repeat(300), "\\u0000", "remote_host", "Type");
    private static final List<String> WRONG_FOR_STRING = List.of("123", "true", "false", "[]", "{}", "[\"a\"]", "1.5",
            "{\"a\":\"b\"}", "null", "-0", "1e400");
    private static final List<String> ODD_HOSTS = List.of("\"\"", "\" \"", "\"127.0.0.1 \"", "\"127.0.0.1\\n\"", "\"[::1]\"",
            "\"0x7f.1\"", "\"2130706433\"", "\"localhost.\"", "\"10.0.0.1\"", "\"0.0.0.0\"", "\"::ffff:127.0.0.1\"",
            "\"no-such-host.invalid\"", "\"\\u00e9.invalid\"", "\"" + "h".repeat(300) + "\"", "\"127.0.0.1:80\"",
            "\"127.1\"", "\"::1\"", "\"\\u0000\"", "\"-1.invalid\"", "\"255.255.255.255\"", "\"224.0.0.1\"");
    private static final List<String> NUMBERS = List.of("-1", "0", "-0", "1", "65535", "65536", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999999",
            "1e400", "-1e400", "1e-400", "1.5", "0.5", "-0.0", "1E2", "1e3", "2.0", "123456789.123456789", "1" + "0".repeat(1200),
            "0.0000001", "-5");
    /** For timeouts: each value is refused or waits at most 100 ms (C38). */
    private static final List<String> TIMEOUT_NUMBERS = NUMBERS.stream()
            .filter(n -> !List.of("65535", "65536", "1e3", "1" + "0".repeat(1200)).contains(n)).toList();

    /** README's table: the WSA codes that go with each status (empty: any code of the socket's state). */
    private static final Map<Integer, Set<String>> CODES_BY_STATUS = Map.ofEntries(
            Map.entry(400, Set.of(FAULT, INVAL, "WSAEOPNOTSUPP", "WSAEMSGSIZE", "WSAHOST_NOT_FOUND", "WSAEAFNOSUPPORT",
                    "WSAEPROTONOSUPPORT", "WSAEADDRNOTAVAIL", "WSAEDESTADDRREQ")),
            Map.entry(401, Set.of("WSAEACCES")),
            Map.entry(403, Set.of("WSAEACCES")),
            Map.entry(404, Set.of("WSAENOTSOCK", "WSA_INVALID_HANDLE", "WSAEOPNOTSUPP")),
            Map.entry(405, Set.of("WSAEOPNOTSUPP")),
            Map.entry(406, Set.of(INVAL)),
            Map.entry(408, Set.of("WSAETIMEDOUT")),
            Map.entry(409, Set.of()),
            Map.entry(410, Set.of("WSA_INVALID_HANDLE")),
            Map.entry(411, Set.of(INVAL)),
            Map.entry(413, Set.of("WSAENOBUFS")),
            Map.entry(414, Set.of("WSAENOBUFS")),
            Map.entry(415, Set.of(INVAL)),
            Map.entry(417, Set.of(INVAL)),
            Map.entry(429, Set.of("WSAEWOULDBLOCK")),
            Map.entry(431, Set.of("WSAENOBUFS")),
            Map.entry(501, Set.of("WSAEOPNOTSUPP")),
            Map.entry(502, Set.of("WSAECONNREFUSED", "WSAENETUNREACH", "WSAEHOSTUNREACH", "WSAEHOSTDOWN", "WSAENETDOWN")),
            Map.entry(503, Set.of("WSAENOBUFS", "WSAEMFILE", "WSANOTINITIALISED", "WSASYSNOTREADY")),
            Map.entry(504, Set.of("WSAETIMEDOUT")),
            Map.entry(505, Set.of("WSAEOPNOTSUPP")));

    private static Map<String, FType> schema(Object... pairs) {
        Map<String, FType> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (FType) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped, the rest as it is. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static String show(byte[] bytes, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            int c = bytes[i] & 0xFF;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c >= 0x20 && c < 0x7F) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return bytes.length > max ? b + "...(" + bytes.length + " bytes)" : b.toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl) + " " + s.substring(nl + 1).replace('\n', ' ');
    }
}
