package io.sendgate.trust;

import io.sendgate.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.sendgate.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * C38, C39 against clients that are slow on purpose. The findings: 220 connections each trickling a request
 * body held every request thread and health stopped answering; a refusal before the body still let Tomcat
 * read the rest of it, on a thread, for as long as the client trickled; and a thousand idle connections
 * took the heap (256 KiB of read buffer each) until the service stayed deaf for good.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"sendgate.limits.max-concurrent-bodies=4", "sendgate.api-token=slow-client-tests-token"})
class SlowClientTests {
    private static final String TOKEN = "slow-client-tests-token";

    @LocalServerPort
    int port;

    @Test
    void tricklingBodiesTakeAtMostTheirBoundOfThreadsAndHealthStillAnswers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                slow.add(startSlowBody(true));
            }
            Thread.sleep(300);
            // a fifth body is refused at once, with the connection closed after the refusal
            Socket fifth = startSlowBody(true);
            String answer = readAnswer(fifth);
            assertThat(answer).startsWith("HTTP/1.1 503").contains("WSAENOBUFS").contains("max-concurrent-bodies")
                    .containsIgnoringCase("Connection: close");
            fifth.close();
            // everything without a body is still answered
            Api api = Api.withToken(port, TOKEN);
            long t0 = System.nanoTime();
            assertThat(api.get("/actuator/health").status()).isEqualTo(200);
            assertThat(api.get("/api/v1/sockets").status()).isEqualTo(200);
            System.out.printf("C38: with the body bound taken by trickling clients, health answered in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        // once they are gone, bodies are read again
        Thread.sleep(200);
        var opened = Api.withToken(port, TOKEN).post("/api/v1/sockets", "{\"type\":\"UDP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":9}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    }

    @Test
    void aRefusalBeforeTheBodyClosesTheConnectionInsteadOfReadingTheRest() throws Exception {
        // without the token: 401 at once, and the connection ends; nothing reads the 60000 bytes it announced
        try (Socket s = startSlowBody(false)) {
            String answer = readAnswer(s);
            assertThat(answer).startsWith("HTTP/1.1 401").containsIgnoringCase("Connection: close");
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            assertThat(in.read()).as("the service closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void idleConnectionsCostLittleHeap() throws Exception {
        // the finding: each connection that had sent one byte held about 550 KB of heap; 852 of them ran a
        // 512 MB heap out. Here 300 of them, measured in this JVM, where the service runs.
        long before = usedHeapAfterGc();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.getOutputStream().write('G');
                idle.add(s);
            }
            Thread.sleep(500);
            long grown = usedHeapAfterGc() - before;
            System.out.printf("C39: 300 idle connections that each sent one byte hold %d KiB of heap (%d KiB each)%n",
                    grown >> 10, grown / 300 >> 10);
            // 550 KB each before the fix would be 160 MB; Tomcat's buffers now take about 50 KB
            assertThat(grown).isLessThan(64L << 20);
            assertThat(Api.withToken(port, TOKEN).get("/actuator/health").status()).isEqualTo(200);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** A send's body announced as 60000 bytes, of which only the JSON's first bytes come. */
    private Socket startSlowBody(boolean withToken) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/v1/sockets HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (withToken ? "Authorization: Bearer " + TOKEN + "\r\n" : "")
                + "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{\"type\":\"TCP\",")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    private static String readAnswer(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        byte[] body = new byte[4096];
        int n = in.read(body);
        return head + (n > 0 ? new String(body, 0, n, StandardCharsets.UTF_8) : "");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
