package io.sendgate.api;

import org.junit.jupiter.api.Assumptions;
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
 * The README's first walk (C3, the reference example in curl) runs as written, against this test's
 * service and on a free port instead of 8080 and 27015. It needs bash, curl and jq, as the README says.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the walk is a bash script")
class ReadmeWalkTests extends ServiceTest {

    @Test
    void theReadmesReferenceExampleRunsAsWrittenAndTheClientGets40960Bytes() throws Exception {
        for (String tool : new String[] {"curl", "jq"}) {
            boolean present = new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
            if (!present && "true".equals(System.getenv("SENDGATE_STRICT"))) {
                throw new AssertionError(tool + " is missing (SENDGATE_STRICT=true; scripts/provision/00-tools.sh installs it)");
            }
            Assumptions.assumeTrue(present, "The README's walk needs " + tool + "; install it to run this test");
        }
        String readme = Files.readString(Path.of("README.md"));
        Matcher walk = Pattern.compile("## A first walk.*?```(?:sh|bash)\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(walk.find()).as("the README has its first walk").isTrue();
        int free;
        try (ServerSocket probe = new ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        String script = walk.group(1)
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + port)
                .replace("27015", Integer.toString(free));
        Path dir = Files.createTempDirectory("readme-walk");
        Process bash = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("the walk ends").isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(out).isZero();
        String[] lines = out.strip().split("\n");
        assertThat(lines[lines.length - 1].strip()).as(out).isEqualTo("40960");
        assertThat(out).contains("\"status\":\"COMPLETED\",\"bytesTransferred\":4096");
        assertThat(Files.readAllBytes(dir.resolve("received.bin"))).hasSize(40960)
                .isEqualTo(repeat(Files.readAllBytes(dir.resolve("chunk.bin")), 10));
    }

    private static byte[] repeat(byte[] chunk, int times) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            out.write(chunk);
        }
        return out.toByteArray();
    }
}
