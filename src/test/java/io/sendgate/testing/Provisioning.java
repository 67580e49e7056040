package io.sendgate.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one way a test that needs something of the machine (gcc, Chromium, curl, ...) goes without it: under
 * SENDGATE_STRICT=true (CI) it fails; otherwise it is skipped, and the skip is recorded in the file the build names
 * ({@code -Dsendgate.skipped}, target/skipped.txt), whose lines the end of {@code ./mvnw verify} sums up
 * (scripts/skipped-summary.sh): what was missing, what did not run, and the provisioning step that installs it.
 */
public final class Provisioning {
    private Provisioning() {
    }

    /**
     * Fails (strict) or skips the calling test.
     *
     * @param missing what the machine lacks, as a sentence's start: {@code "gcc is not on the PATH"}
     * @param step    the script of scripts/provision that installs it: {@code "05-c-compiler.sh"}
     */
    public static <V> V missing(String missing, String step) {
        String script = "scripts/provision/" + step;
        if ("true".equalsIgnoreCase(System.getenv("SENDGATE_STRICT"))) {
            throw new AssertionError(missing + " (SENDGATE_STRICT=true makes that a failure; bash " + script + " installs it)");
        }
        record(missing, script, callingTestClass());
        return Assumptions.abort(missing + " (bash " + script + " installs it)");
    }

    /** One line of the skip record: what was missing, the script that installs it, what did not run. */
    static synchronized void record(String missing, String script, String what) {
        String file = System.getProperty("sendgate.skipped");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, missing + "\t" + script + "\t" + what + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record the skip in " + file, e);
        }
    }

    private static String callingTestClass() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .map(name -> name.substring(name.lastIndexOf('.') + 1).replaceFirst("\\$.*", ""))
                .filter(name -> name.endsWith("Tests"))
                .findFirst().orElse("a test"));
    }
}
