package io.sendgate.events;

import io.sendgate.testing.Api;
import io.sendgate.testing.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page at {@code /} in real headless Chromium (Debian's chromium and chromedriver): it shows
 * what happens after it loaded, without reloading. Without Chromium the test is skipped, unless
 * SENDGATE_STRICT=true (CI), where that is a failure ({@link Chromium}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LivePageTests {
    private static final Duration SHOWN_WITHIN = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    Chromium chromium;
    WebDriver browser;

    @BeforeEach
    void startBrowser() {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    // C5, C17: a socket opened and completions that happen after the page loaded appear on it.
    @Test
    void pageShowsSocketsAndCompletionsAsTheyHappen() throws Exception {
        Api api = new Api(port);
        browser.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, SHOWN_WITHIN);
        wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-state", "live"));
        assertThat(browser.findElement(By.cssSelector("nav a[href='/swagger-ui.html']")).isDisplayed()).isTrue();

        try (LoopbackPeer reading = LoopbackPeer.draining(); LoopbackPeer stuck = LoopbackPeer.paused()) {
            String socket = api.openTcp(reading.port(), "sendBufferBytes", 65536);
            WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#sockets tr[data-socket-id='" + socket + "']")));
            assertThat(row.getText()).contains(socket, "TCP", "CONNECTED", "127.0.0.1:" + reading.port());

            long completed = Sends.accepted(api, socket, 4096);
            WebElement done = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#completions tr[data-operation-id='" + completed + "']")));
            assertThat(done.getText()).contains("COMPLETED", socket, "4.0 KiB");

            String slow = api.openTcp(stuck.port(), "sendBufferBytes", 4096);
            Api.Reply pending = api.send(slow, new byte[256 * 1024]);
            assertThat(pending.status()).isEqualTo(202);
            long late = pending.json().get("id").asLong();
            wait.until(ExpectedConditions.textToBe(By.cssSelector(
                    "#sockets tr[data-socket-id='" + slow + "'] td[data-stat='pendingOperations']"), "1"));
            stuck.drain();
            WebElement lateRow = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#completions tr[data-operation-id='" + late + "']")));
            assertThat(lateRow.getText()).contains("COMPLETED", slow, "256.0 KiB");
            // The counters follow: the socket's sends and bytes as the pool reports them.
            wait.until(ExpectedConditions.textToBe(By.cssSelector(
                    "#sockets tr[data-socket-id='" + slow + "'] td[data-stat='bytesSent']"), "256.0 KiB"));
            wait.until(ExpectedConditions.textToBe(By.cssSelector(
                    "#sockets tr[data-socket-id='" + slow + "'] td[data-stat='pendingOperations']"), "0"));
            assertThat(browser.findElements(By.cssSelector("#completions tbody tr"))).hasSizeGreaterThanOrEqualTo(2);

            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of("target", "live-page.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
