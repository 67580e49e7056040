package io.sendgate.testing;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real headless Chromium (Debian's chromium and chromedriver) for the page tests, each with a profile of
 * its own that is deleted on close. Without Chromium the calling test is skipped, unless
 * SENDGATE_STRICT=true (CI), where that is a failure ({@link Provisioning}). {@code CHROME_BIN} and {@code CHROMEDRIVER} name the
 * binaries when they are not on PATH.
 */
public final class Chromium implements AutoCloseable {
    private static final Duration PAGE_LOAD = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * A fresh browser: its own empty profile, so no cookie or cache of another test.
     *
     * @param extraArguments command-line switches besides the headless ones, such as {@code --host-resolver-rules=...}
     */
    public static Chromium start(String... extraArguments) {
        String chromium = executable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome");
        String chromedriver = executable("CHROMEDRIVER", "chromedriver");
        if (chromium == null || chromedriver == null) {
            Provisioning.missing("Chromium or chromedriver is not installed", "20-chromium.sh");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("sendgate-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,900");
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        try {
            WebDriver driver = new ChromeDriver(service, options);
            // bounded: a page that never finishes loading fails its test instead of holding it for minutes
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD).scriptTimeout(PAGE_LOAD);
            return new Chromium(driver, profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of these found: an environment variable naming a path, then names looked up on PATH. */
    private static String executable(String variable, String... names) {
        String given = System.getenv(variable);
        if (given != null && new File(given).canExecute()) {
            return given;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : List.of(path.split(File.pathSeparator))) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }
}
