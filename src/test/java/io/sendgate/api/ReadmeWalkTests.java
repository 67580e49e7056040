package io.sendgate.api;

import io.sendgate.testing.Provisioning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's walks run as written, against this test's service and on free ports instead of 8080 and
 * 27015/27016: the first (C3, the reference example in curl) and the fake server (C44, C45). They need
 * bash, curl and jq, as the README says.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the walk is a bash script")
class ReadmeWalkTests extends ServiceTest {

    @Test
    void theReadmesReferenceExampleRunsAsWrittenAndTheClientGets40960Bytes() throws Exception {
        Path dir = Files.createTempDirectory("readme-walk");
        String out = run("## A first walk", "27015", dir);
        String[] lines = out.strip().split("\n");
        assertThat(lines[lines.length - 1].strip()).as(out).isEqualTo("40960");
        assertThat(out).contains("\"status\":\"COMPLETED\",\"bytesTransferred\":4096");
        assertThat(Files.readAllBytes(dir.resolve("received.bin"))).hasSize(40960)
                .isEqualTo(repeat(Files.readAllBytes(dir.resolve("chunk.bin")), 10));
    }

    // C44, C45: the fake server hears the client's request line and answers it
    @Test
    void theReadmesFakeServerHearsTheClientAndAnswersIt() throws Exception {
        Path dir = Files.createTempDirectory("readme-fake-server");
        String out = run("## A second walk", "27016", dir);
        assertThat(out).contains("GET /hello HTTP/1.1");
        assertThat(out).contains("{\"status\":\"COMPLETED\",\"bytesTransferred\":63}");
        String[] lines = out.strip().split("\n");
        assertThat(lines[lines.length - 1].strip()).as(out).isEqualTo("hello");
        assertThat(Files.readString(dir.resolve("answer.txt"))).isEqualTo("hello\n");
    }

    // #9: a walk stops at the first failure with the problem's title, not with an id of null
    @Test
    void aWalkStopsAtItsFirstFailureWithTheProblemsTitle() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String out = runExpectingFailure("## A first walk", "27015", taken.getLocalPort());
            assertThat(out).contains("WSAEADDRINUSE").doesNotContain("null");
        }
    }

    /** Runs the README's bash block under {@code heading} against this service, with a free port for {@code readmePort}. */
    private String run(String heading, String readmePort, Path dir) throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        Process bash = start(heading, readmePort, free, dir);
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("the walk ends").isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out;
    }

    private String runExpectingFailure(String heading, String readmePort, int takenPort) throws Exception {
        Process bash = start(heading, readmePort, takenPort, Files.createTempDirectory("readme-walk-fails"));
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("the walk ends").isTrue();
        assertThat(bash.exitValue()).as(out).isNotZero();
        return out;
    }

    private Process start(String heading, String readmePort, int port, Path dir) throws Exception {
        for (String tool : new String[] {"curl", "jq"}) {
            boolean present = new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
            if (!present) {
                Provisioning.missing(tool + " is not installed (the README's walks use it)", "00-tools.sh");
            }
        }
        String readme = Files.readString(Path.of("README.md"));
        Matcher walk = Pattern.compile(Pattern.quote(heading) + ".*?```(?:sh|bash)\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(walk.find()).as("the README has the walk " + heading).isTrue();
        String script = walk.group(1)
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + this.port)
                .replace(readmePort, Integer.toString(port));
        Process bash = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        return bash;
    }

    private static byte[] repeat(byte[] chunk, int times) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.write(chunk);
        }
        return out.toByteArray();
    }
}
