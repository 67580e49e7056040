package io.sendgate.events;

import io.sendgate.testing.Api;
import io.sendgate.testing.Chromium;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C37 in real headless Chromium, with the service started with an API token: the live page asks for the
 * token once, then runs (its polls and its event stream) on an HttpOnly, SameSite=Strict session cookie
 * that the page's scripts cannot read, and Swagger UI loads the API document through the same cookie.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sendgate.api-token=" + TokenPageTests.TOKEN)
class TokenPageTests {
    static final String TOKEN = "page-token-7f3a-9c2e41";
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    // C37: the token given once in the page; from then on the cookie carries the page, its stream and Swagger UI.
    @Test
    void thePageAsksForTheTokenOnceAndThenRunsOnAStrictHttpOnlyCookie() throws Exception {
        Api api = Api.withToken(port, TOKEN);
        try (Chromium chromium = Chromium.start(); TcpPeer peer = TcpPeer.listening()) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, WITHIN);
            browser.get(origin() + "/");

            // The form, not a 401 and not an empty pool: the page has not read the pool nor opened its stream.
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-section")));
            assertThat(browser.getTitle()).isEqualTo("sendgate · live");
            assertThat(browser.findElement(By.id("sockets-empty")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("sockets-updated")).getText()).isEqualTo("not loaded yet");
            assertThat(browser.findElement(By.id("stream-state")).getAttribute("data-state")).isEqualTo("connecting");

            // A wrong token: the problem detail's own words, the form stays, no cookie.
            giveToken(browser, "not-" + TOKEN);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not this service's token"));
            assertThat(browser.findElement(By.id("login-error")).getText())
                    .isEqualTo("That is not this service's token (sendgate.api-token)");
            assertThat(browser.findElement(By.id("login-section")).isDisplayed()).isTrue();
            assertThat(browser.manage().getCookieNamed(cookieName())).isNull();

            // The right token: the form goes, the pool and the live stream come.
            giveToken(browser, TOKEN);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-section")));
            wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));
            assertThat(browser.findElement(By.id("login-error")).getText()).isEmpty();

            Cookie session = browser.manage().getCookieNamed(cookieName());
            assertThat(session).as("the session cookie").isNotNull();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Strict");
            assertThat(session.getPath()).isEqualTo("/");
            assertThat(session.getValue()).doesNotContain(TOKEN);
            Object visible = ((JavascriptExecutor) browser).executeScript("return document.cookie");
            assertThat(String.valueOf(visible)).doesNotContain("sendgate-session", session.getValue());

            // A socket opened meanwhile through the API, with the token, shows up; its send's completion arrives
            // live on the page's EventSource, which authenticates with the cookie.
            String socket = api.openTcp(peer.port());
            peer.accept().startReading();
            try {
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#sockets tr[data-socket-id='" + socket + "']"), "CONNECTED"));
                long op = Sends.accepted(api, socket, 4096);
                WebElement done = wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#completions tr[data-operation-id='" + op + "']")));
                assertThat(done.getText()).contains("COMPLETED", socket, "4.0 KiB");
                assertThat(peer.awaitBytes(4096, WITHIN)).hasSize(4096);
            } finally {
                api.delete("/api/v1/sockets/" + socket);
            }

            // Swagger UI reads the API document, which needs the token: the cookie brings it.
            browser.get(origin() + "/swagger-ui.html");
            awaitSwaggerUiOperations(browser);
        }
    }

    // C37, C44: the console's own requests (its opens and sends, the capture's long-polls) go on the same cookie:
    // a socket opened and used from the page with the token set, and the peer's answer read back into it.
    @Test
    void theConsoleWorksOnTheSessionCookie() throws Exception {
        try (Chromium chromium = Chromium.start(); ConsolePageTests.PongPeer peer = ConsolePageTests.PongPeer.start()) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, WITHIN);
            browser.get(origin() + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-section")));
            giveToken(browser, TOKEN);
            wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));

            browser.findElement(By.id("open-port")).sendKeys(String.valueOf(peer.port()));
            browser.findElement(By.cssSelector("#open-socket button[type='submit']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("open-result"), "capturing"));
            String socket = browser.findElement(By.id("work-socket")).getAttribute("value");
            try {
                browser.findElement(By.id("send-text")).sendKeys("with a token\n");
                browser.findElement(By.cssSelector("#send-form button[type='submit']")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#captures .capture[data-socket-id='" + socket + "'] .text"), "PONG with a token"));
                assertThat(browser.findElements(By.cssSelector(".problem"))).allSatisfy(p -> assertThat(p.isDisplayed()).isFalse());
            } finally {
                Api.withToken(port, TOKEN).delete("/api/v1/sockets/" + socket);
            }
        }
    }

    // C37: a browser without a session that opens Swagger UI is sent to the token form, and back after it.
    @Test
    void aFreshBrowserOpeningSwaggerUiGivesTheTokenAndEndsUpInSwaggerUi() {
        try (Chromium chromium = Chromium.start()) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, WITHIN);
            browser.get(origin() + "/swagger-ui.html");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-section")));
            assertThat(browser.getCurrentUrl()).isEqualTo(origin() + "/?login=%2Fswagger-ui%2Findex.html");

            giveToken(browser, TOKEN);
            wait.until(ExpectedConditions.urlToBe(origin() + "/swagger-ui/index.html"));
            awaitSwaggerUiOperations(browser);
            assertThat(browser.manage().getCookieNamed(cookieName())).isNotNull();
        }
    }

    // C37: the finding: after the token the page went wherever ?login= said, and a browser reads "/\evil" or
    // "/<tab>/evil" as another site: a page there could then ask for the token again. Only this origin's pages.
    @Test
    void afterTheTokenThePageGoesNowhereButToItsOwnPages() {
        try (Chromium chromium = Chromium.start()) {
            WebDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, WITHIN);
            for (String next : new String[] {"/%5C127.0.0.2:9/x", "/%09/127.0.0.2:9/x", "//127.0.0.2:9/x",
                    "javascript:alert(1)", "http://127.0.0.2:9/x"}) {
                browser.manage().deleteAllCookies();
                browser.get(origin() + "/?login=" + next);
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-section")));
                giveToken(browser, TOKEN);
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("login-section")));
                assertThat(browser.getCurrentUrl()).as(next).startsWith(origin() + "/");
            }
        }
    }

    // C37 over plain HTTP: the bare health status is open (container health checks); its details, the API
    // document and the API need the token.
    @Test
    void healthDetailsAndTheApiDocumentNeedTheToken() {
        Api anonymous = new Api(port);
        Api.Reply bare = anonymous.get("/actuator/health");
        assertThat(bare.status()).isEqualTo(200);
        JsonNode status = bare.json();
        assertThat(status.path("status").asString()).isEqualTo("UP");
        // nothing of the driver or the service's state: no components, no details (Spring lists the names of
        // the probe groups, liveness and readiness, which say nothing)
        assertThat(status.has("components")).as(bare.body()).isFalse();
        assertThat(status.has("details")).as(bare.body()).isFalse();
        assertThat(status.propertyNames()).as(bare.body()).isSubsetOf("status", "groups");

        Api.Reply detailed = Api.withToken(port, TOKEN).get("/actuator/health");
        assertThat(detailed.status()).isEqualTo(200);
        assertThat(detailed.json().has("components")).as(detailed.body()).isTrue();

        Api.Reply document = anonymous.get("/v3/api-docs");
        assertThat(document.status()).isEqualTo(401);
        assertThat(document.contentType()).startsWith("application/problem+json");
        assertThat(document.field("wsaError")).isEqualTo("WSAEACCES");
        assertThat(document.body()).doesNotContain("\"paths\"");
        assertThat(Api.withToken(port, TOKEN).get("/v3/api-docs").status()).isEqualTo(200);
    }

    private String origin() {
        return "http://127.0.0.1:" + port;
    }

    private String cookieName() {
        return "sendgate-session-" + port;
    }

    private static void giveToken(WebDriver browser, String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#login button[type='submit']")).click();
    }

    /** Swagger UI with the document loaded: the send operation listed, and no error about fetching it. */
    private static void awaitSwaggerUiOperations(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, WITHIN);
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".opblock-summary-path[data-path='/api/v1/sockets/{socketId}/sends']")));
        assertThat(browser.findElements(By.cssSelector(".opblock"))).hasSizeGreaterThan(5);
        assertThat(browser.findElements(By.cssSelector(".errors-wrapper"))).isEmpty();
    }
}
