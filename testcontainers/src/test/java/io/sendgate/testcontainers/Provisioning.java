package io.sendgate.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * As the service's tests do it (io.sendgate.testing.Provisioning there; this module is a project of its own): a
 * test that needs something of the machine fails without it under SENDGATE_STRICT=true (CI), and is otherwise
 * skipped, the skip recorded in the file the build names ({@code -Dsendgate.skipped}), which the end of the
 * repository's {@code ./mvnw verify} sums up.
 */
final class Provisioning {
    private Provisioning() {
    }

    static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("SENDGATE_STRICT"));
    }

    /** Fails under SENDGATE_STRICT=true; otherwise records the skip and returns the reason to skip with. */
    static String skip(String missing, String step, String what) {
        String script = "scripts/provision/" + step;
        if (strict()) {
            throw new AssertionError(missing + " (SENDGATE_STRICT=true makes that a failure; bash " + script + " installs it)");
        }
        String file = System.getProperty("sendgate.skipped");
        if (file != null && !file.isBlank()) {
            try {
                Path path = Path.of(file);
                Files.createDirectories(path.toAbsolutePath().getParent());
                Files.writeString(path, missing + "\t" + script + "\t" + what + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not record the skip in " + file, e);
            }
        }
        return "SKIPPED: " + missing + " (bash " + script + " installs it)";
    }
}
