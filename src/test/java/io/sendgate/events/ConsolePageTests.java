package io.sendgate.events;

import io.sendgate.testing.Api;
import io.sendgate.testing.Chromium;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page at {@code /} as a console, in real headless Chromium against the real service and real peers on
 * loopback: everything a user does here goes through the page's forms and buttons only (the API is used to
 * check, never to act). Without Chromium the tests are skipped, unless SENDGATE_STRICT=true ({@link Chromium}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolePageTests {
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    Chromium chromium;
    WebDriver browser;
    WebDriverWait wait;
    Api api;
    Set<String> before;

    @BeforeEach
    void startBrowser() {
        api = new Api(port);
        before = poolIds();
        chromium = Chromium.start();
        browser = chromium.driver();
        wait = new WebDriverWait(browser, SHOWN_WITHIN);
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));
    }

    /** What a test opened through the page is closed, so the next one (a fresh browser) sees only its own. */
    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
        for (String opened : poolIds()) {
            if (!before.contains(opened)) {
                api.delete(opened);
            }
        }
    }

    private Set<String> poolIds() {
        Set<String> ids = new HashSet<>();
        for (String kind : List.of("sockets", "listeners")) {
            api.get("/api/v1/" + kind).json().forEach(n -> ids.add("/api/v1/" + kind + "/" + n.path("id").asString()));
        }
        return ids;
    }

    // C1, C9, C44: the whole round trip from the page: open a capturing TCP socket to a peer that answers each line
    // with "PONG <line>", send "PING\n" typed in the form, and read the answer in the hex dump and beside it as text.
    @Test
    void aUserOpensSendsAndReadsTheAnswerThroughThePageOnly() throws Exception {
        try (PongPeer peer = PongPeer.start()) {
            String socket = openFromThePage(peer.port(), true);

            WebElement text = browser.findElement(By.id("send-text"));
            text.sendKeys("PING\n");
            browser.findElement(By.cssSelector("#send-form button[type='submit']")).click();
            WebElement sent = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "#results li[data-kind='SEND'][data-status='COMPLETED']")));
            assertThat(sent.getText()).contains("SEND #", "on " + socket, "5 B of 5 B sent");
            assertThat(peer.lines.poll(30, TimeUnit.SECONDS)).isEqualTo("PING");

            // C44: the answer, captured, in the dump and as text; the dump's row is hexdump -C's
            WebElement capture = capturePanel(socket);
            wait.until(ExpectedConditions.textToBePresentInElement(capture.findElement(By.cssSelector(".text")), "PONG PING"));
            WebElement row = capture.findElement(By.cssSelector(".dump .row"));
            assertThat(row.getText()).contains("00000000", "50 4f 4e 47 20 50 49 4e  47 0a", "|PONG PING.|");
            assertThat(capture.findElement(By.cssSelector(".text")).getText()).isEqualTo("PONG PING");
            assertThat(capture.getText()).contains("10 B captured");

            // C22: closed from the page: the pool loses it, its capture says it ended
            screenshot("console-page.png");
            browser.findElement(By.id("work-close")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#sockets tr[data-socket-id='" + socket + "']")));
            wait.until(ExpectedConditions.attributeToBe(capture, "data-state", "closed"));
            assertThat(api.get("/api/v1/sockets/" + socket).status()).isEqualTo(404);
        }
    }

    // C41: a receive posted from the page before the peer wrote is PENDING; its completion, pushed by the event
    // stream (C46), turns the same result into COMPLETED with the bytes, shown as dump and text.
    @Test
    void aReceivePostedFromThePageShowsItsBytesWhenItCompletes() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = openFromThePage(peer.port(), false);
            peer.accept();

            WebElement bytes = browser.findElement(By.id("receive-bytes"));
            bytes.clear();
            bytes.sendKeys("64");
            browser.findElement(By.cssSelector("#receive-form button[type='submit']")).click();
            WebElement posted = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "#results li[data-kind='RECEIVE']")));
            assertThat(posted.getAttribute("data-status")).isEqualTo("PENDING");
            assertThat(posted.getText()).contains("on " + socket, "WSA_IO_PENDING (997)");
            String operation = posted.getAttribute("data-operation-id");

            peer.write("HELLO from the peer\n".getBytes(StandardCharsets.US_ASCII));
            WebElement done = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "#results li[data-operation-id='" + operation + "'][data-status='COMPLETED']")));
            assertThat(done.getText()).contains("RECEIVE #" + operation, "20 B of 64 B received");
            assertThat(done.findElement(By.cssSelector(".text")).getText()).isEqualTo("HELLO from the peer");
            assertThat(done.findElement(By.cssSelector(".dump .row")).getText()).contains("48 45 4c 4c 4f 20 66 72");
            assertThat(browser.findElements(By.cssSelector("#results li"))).hasSize(1);
        }
    }

    // C9, C10: a file is sent as it is, as one octet-stream buffer, with the flags chosen in the form.
    @Test
    void aFileIsSentAsItIs() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Path file = Files.createTempFile("sendgate-console", ".bin");
        try (TcpPeer peer = TcpPeer.listening()) {
            Files.write(file, bytes);
            openFromThePage(peer.port(), false);
            peer.accept().startReading();
            browser.findElement(By.cssSelector("input[name='send-as'][value='file']")).click();
            browser.findElement(By.id("send-file")).sendKeys(file.toString());
            browser.findElement(By.cssSelector("input[name='send-flag'][value='MSG_DONTROUTE']")).click();
            browser.findElement(By.cssSelector("#send-form button[type='submit']")).click();
            WebElement sent = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                    "#results li[data-kind='SEND'][data-status='COMPLETED']")));
            assertThat(sent.getText()).contains("256 B of 256 B sent", file.getFileName().toString(), "with MSG_DONTROUTE");
            assertThat(peer.awaitBytes(bytes.length, SHOWN_WITHIN)).isEqualTo(bytes);
        } finally {
            Files.delete(file);
        }
    }

    // C44: past 64 KiB the page keeps the newest bytes, in whole rows, and says from which offset on.
    @Test
    void aLongCaptureKeepsTheLast64KiBAndSaysSo() throws Exception {
        byte[] bytes = new byte[80 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = openFromThePage(peer.port(), true);
            peer.accept().write(bytes);
            WebElement capture = capturePanel(socket);
            wait.until(ExpectedConditions.textToBePresentInElement(capture.findElement(By.cssSelector(".capture-range")),
                    "80.0 KiB captured"));
            assertThat(capture.findElement(By.cssSelector(".byteview-note")).getText())
                    .contains("Only the last 64.0 KiB are kept here", "before offset 16384 scrolled out");
            assertThat(capture.findElements(By.cssSelector(".dump .row"))).hasSize(64 * 1024 / 16);
            assertThat(capture.findElement(By.cssSelector(".dump .row")).getText()).startsWith("00004000  65 66 67 68").endsWith("|efghijklmnopqrst|");
            assertThat(capture.findElement(By.cssSelector(".capture-range")).getText()).contains("showing offsets 16384–81920");
        }
    }

    // C44 and the page's own safety: captured bytes are the peer's, and markup among them stays text: no element
    // is made of it and no script of it runs.
    @Test
    void markupAPeerSendsIsShownAsTextAndNeverRuns() throws Exception {
        String payload = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>";
        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = openFromThePage(peer.port(), true);
            peer.accept().write(payload.getBytes(StandardCharsets.US_ASCII));

            WebElement capture = capturePanel(socket);
            wait.until(ExpectedConditions.textToBePresentInElement(capture.findElement(By.cssSelector(".text")), "</script>"));
            assertThat(capture.findElement(By.cssSelector(".text")).getText()).isEqualTo(payload);
            assertThat(capture.findElement(By.cssSelector(".dump")).getText()).contains("|<img src=x onerr|");
            assertThat(browser.findElements(By.cssSelector("main img, main script"))).isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
            // nothing was even tried: the page's policy had nothing to block
            assertThat(browser.findElement(By.id("notices")).getText()).doesNotContain("blocked", "failed");
        }
    }

    // C24, C29: errors are shown in the page with their WSA name and number, where the user acted.
    @Test
    void errorsAreShownWithTheirWsaCode() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        fill("open-port", String.valueOf(closed));
        browser.findElement(By.cssSelector("#open-socket button[type='submit']")).click();
        WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("open-socket-problem")));
        wait.until(ExpectedConditions.textToBePresentInElement(refused, "WSAECONNREFUSED (10061)"));
        assertThat(refused.getText()).contains("WSAECONNREFUSED: Connection refused", "HTTP ");

        try (TcpPeer peer = TcpPeer.listening()) {
            String socket = openFromThePage(peer.port(), false);
            assertThat(browser.findElement(By.id("open-socket-problem")).isDisplayed()).as("cleared by the next open").isFalse();
            browser.findElement(By.cssSelector("input[name='send-as'][value='hex']")).click();
            fill("send-hex", "50 zz");
            browser.findElement(By.cssSelector("#send-form button[type='submit']")).click();
            WebElement bad = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("send-problem")));
            wait.until(ExpectedConditions.textToBePresentInElement(bad, "WSAEFAULT (10014)"));
            assertThat(bad.getText()).contains("HTTP 400", "is not valid hex");
            assertThat(browser.findElements(By.cssSelector("#results li"))).isEmpty();
        }

        // every field can be told apart by a screen reader: it has a label
        Object unlabelled = ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('input, select, textarea'))"
                        + ".filter(function (c) { return c.labels.length === 0 && !c.getAttribute('aria-label'); })"
                        + ".map(function (c) { return c.id || c.name; })");
        assertThat((List<?>) unlabelled).isEmpty();
    }

    // C45, C46, C44: an auto-accepting, capturing listener opened from the page: a plain Java client connects and
    // sends, and the accepted socket joins the pool on the page, announced by the event stream, its bytes shown.
    @Test
    void anAutoAcceptingListenerShowsEachAcceptedSocketAndWhatItReceives() throws Exception {
        assertThat(browser.findElement(By.id("listen-auto")).isSelected()).isTrue();
        assertThat(browser.findElement(By.id("listen-capture")).isSelected()).isTrue();
        browser.findElement(By.id("listen-port")).sendKeys(Keys.ENTER);
        WebElement row = listenerOpened();
        String listener = row.getAttribute("data-listener-id");
        int listenPort = listenerPort(row);
        assertThat(row.getText()).contains("by itself", "on");
        assertThat(row.findElement(By.cssSelector("button.accept")).isDisplayed()).as("nothing to accept by hand").isFalse();

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listenPort)) {
            client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            // C46: announced on the stream, with the listener and the client's address
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notices"),
                    listener + " accepted s-"));
            assertThat(browser.findElement(By.id("notices")).getText()).contains("from 127.0.0.1:" + client.getLocalPort());
            WebElement capture = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#captures .capture")));
            String socket = capture.getAttribute("data-socket-id");
            wait.until(ExpectedConditions.textToBePresentInElement(capture.findElement(By.cssSelector(".dump")),
                    "47 45 54 20 2f 20 48 54  54 50 2f 31 2e 30 0d 0a"));
            assertThat(capture.findElement(By.cssSelector(".text")).getText()).isEqualTo("GET / HTTP/1.0");
            WebElement accepted = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#sockets tr[data-socket-id='" + socket + "']")));
            wait.until(ExpectedConditions.textToBePresentInElement(accepted, "on · 18 B"));
            assertThat(accepted.getText()).contains("CONNECTED", "127.0.0.1:" + client.getLocalPort());
            assertThat(browser.findElement(By.id("work-socket")).getAttribute("value")).isEqualTo(socket);

            // and the page answers on it: the client reads what the form sent
            fill("send-text", "HTTP/1.0 204 No Content\n\n");
            new Select(browser.findElement(By.id("send-eol"))).selectByValue("crlf");
            browser.findElement(By.cssSelector("#send-form button[type='submit']")).click();
            client.setSoTimeout(30_000);
            byte[] answer = client.getInputStream().readNBytes("HTTP/1.0 204 No Content\r\n\r\n".length());
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.0 204 No Content\r\n\r\n");
        }
    }

    // C3, C44: a listener opened from the page, a connection taken with Accept one, and what the plain Java client
    // sends shows as the accepted socket's capture; the listener closes from the page and its socket stays.
    @Test
    void aListenerOpenedFromThePageShowsWhatItsAcceptedSocketReceives() throws Exception {
        browser.findElement(By.id("listen-auto")).click();
        assertThat(browser.findElement(By.id("listen-auto")).isSelected()).isFalse();
        assertThat(browser.findElement(By.id("listen-capture")).isSelected()).isTrue();
        browser.findElement(By.cssSelector("#open-listener button[type='submit']")).click();
        WebElement row = listenerOpened();
        String listener = row.getAttribute("data-listener-id");
        int listenPort = listenerPort(row);
        assertThat(row.getText()).contains("on request", "on");

        row.findElement(By.cssSelector("button.accept")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(row, "Waiting for a connection"));
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), listenPort)) {
            client.getOutputStream().write("hello from a client\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("open-result"), listener + " accepted "));
            String socket = browser.findElement(By.id("work-socket")).getAttribute("value");
            assertThat(socket).isNotEmpty();
            WebElement accepted = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#sockets tr[data-socket-id='" + socket + "']")));
            assertThat(accepted.getText()).contains("CONNECTED", "127.0.0.1:" + client.getLocalPort());
            WebElement capture = capturePanel(socket);
            wait.until(ExpectedConditions.textToBePresentInElement(capture.findElement(By.cssSelector(".text")), "hello from a client"));
            wait.until(ExpectedConditions.textToBePresentInElement(row.findElements(By.tagName("td")).get(4), "1"));

            row.findElement(By.xpath(".//button[text()='Close']")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#listeners tr[data-listener-id='" + listener + "']")));
            assertThat(browser.findElement(By.cssSelector("#sockets tr[data-socket-id='" + socket + "']")).isDisplayed()).isTrue();
        }
    }

    /** Opens a TCP socket to a loopback port with the page's form (Enter in the port field), and returns its id. */
    private String openFromThePage(int peerPort, boolean capture) {
        if (browser.findElement(By.id("open-capture")).isSelected() != capture) {
            browser.findElement(By.id("open-capture")).click();
        }
        fill("open-port", String.valueOf(peerPort));
        browser.findElement(By.id("open-port")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("open-result"), "Opened s-"));
        String socket = browser.findElement(By.id("work-socket")).getAttribute("value");
        assertThat(browser.findElement(By.id("open-result")).getText()).contains("Opened " + socket + ": TCP",
                "→ 127.0.0.1:" + peerPort, capture ? "capturing" : ".");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("work-summary"), "CONNECTED"));
        return socket;
    }

    /** The row of the listener the page just opened, named in its answer line "Listening on host:port (l-N)". */
    private WebElement listenerOpened() {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("open-result"), "Listening on "));
        Matcher m = Pattern.compile("\\((l-\\d+)\\)").matcher(browser.findElement(By.id("open-result")).getText());
        assertThat(m.find()).isTrue();
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#listeners tr[data-listener-id='" + m.group(1) + "']")));
    }

    private int listenerPort(WebElement row) {
        WebElement local = row.findElements(By.tagName("td")).get(1);
        wait.until(d -> local.getText().startsWith("127.0.0.1:"));
        return Integer.parseInt(local.getText().substring("127.0.0.1:".length()));
    }

    private WebElement capturePanel(String socket) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#captures .capture[data-socket-id='" + socket + "']")));
    }

    private void fill(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private void screenshot(String name) throws IOException {
        Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", name),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** A line server on loopback: each line it reads is answered with "PONG <line>\n" and kept for the test. */
    static final class PongPeer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private PongPeer(ServerSocket server) {
            this.server = server;
        }

        static PongPeer start() throws IOException {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            PongPeer peer = new PongPeer(server);
            Thread t = new Thread(peer::serve, "pong-peer");
            t.setDaemon(true);
            t.start();
            return peer;
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try {
                Socket s = server.accept();
                connections.add(s);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    out.write(("PONG " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException ended) {
                // the test closed the peer, or the service closed the socket
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : connections) {
                s.close();
            }
        }
    }
}
