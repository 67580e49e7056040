package io.sendgate.jna;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver is chosen by platform in one place, and on Linux the Winsock classes are never loaded: a
 * fresh JVM with -verbose:class starts the platform's driver and lists every class it loaded.
 */
@EnabledOnOs(OS.LINUX)
class DriverIsolationTests {

    /** Run in the child JVM: start and stop the platform's driver. */
    public static void main(String[] args) {
        try (var driver = NativeDrivers.start(NativeDrivers.forPlatform())) {
            System.out.println("driver " + driver.name());
        }
    }

    @Test
    void startingTheLinuxDriverLoadsNoWinsockClass() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
                DriverIsolationTests.class.getName()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("driver posix-epoll").contains("io.sendgate.jna.posix.PosixSockets");
        assertThat(out).doesNotContain("io.sendgate.jna.winsock");
    }
}
