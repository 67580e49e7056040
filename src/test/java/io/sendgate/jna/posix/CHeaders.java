package io.sendgate.jna.posix;

import com.sun.jna.Structure;
import io.sendgate.testing.Provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What this machine's C headers say, as gcc compiles them: the yardstick the JNA mirrors are held to,
 * rather than numbers copied by hand a second time. Without gcc the caller is skipped, except under
 * SENDGATE_STRICT=true (CI), where a missing compiler fails: scripts/provision/05-c-compiler.sh installs it.
 */
final class CHeaders {
    private static final List<String> INCLUDES = List.of("stdio.h", "stddef.h", "limits.h", "errno.h", "fcntl.h",
            "poll.h", "sys/socket.h", "sys/uio.h", "sys/epoll.h", "sys/eventfd.h", "netinet/in.h", "netinet/tcp.h",
            "sys/syscall.h", "linux/sched.h", "linux/sched/types.h");
    private static final long COMPILE_SECONDS = 120;

    private CHeaders() {
    }

    /** The value of each C expression, by the name given to it. */
    static Map<String, Long> evaluate(Map<String, String> expressions) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sendgate-cheaders");
            StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n");
            INCLUDES.forEach(h -> c.append("#include <").append(h).append(">\n"));
            c.append("int main(void) {\n");
            expressions.forEach((name, expr) ->
                    c.append("    printf(\"%s %ld\\n\", \"").append(name).append("\", (long) (").append(expr).append("));\n"));
            c.append("    return 0;\n}\n");
            Path source = Files.writeString(dir.resolve("probe.c"), c);
            Path binary = dir.resolve("probe");
            String compiled = run(List.of(gcc(), "-o", binary.toString(), source.toString()));
            if (!Files.isExecutable(binary)) {
                throw new AssertionError("gcc could not compile the probe:\n" + compiled + "\n" + c);
            }
            Map<String, Long> values = new LinkedHashMap<>();
            for (String line : run(List.of(binary.toString())).split("\n")) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    values.put(parts[0], Long.parseLong(parts[1]));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    /** {@code sizeof} and the {@code offsetof} of every field of {@code mirror}, keyed as {@link #layoutOf} keys them. */
    static Map<String, String> layoutExpressions(Class<? extends Structure> mirror, String cStruct) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(mirror.getSimpleName() + ".size", "sizeof(struct " + cStruct + ")");
        for (String field : fieldsOf(mirror)) {
            out.put(mirror.getSimpleName() + "." + field, "offsetof(struct " + cStruct + ", " + field + ")");
        }
        return out;
    }

    /** The mirror's size and field offsets as JNA lays it out on this platform. */
    static Map<String, Long> layoutOf(Structure mirror) {
        Map<String, Long> out = new LinkedHashMap<>();
        String name = mirror.getClass().getSimpleName();
        out.put(name + ".size", (long) mirror.size());
        for (String field : fieldsOf(mirror.getClass())) {
            out.put(name + "." + field, (long) fieldOffset(mirror, field));
        }
        return out;
    }

    /** The public static int and short constants of {@code type}, by name; the names are the C macro names. */
    static Map<String, Long> constantsOf(Class<?> type) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && (f.getType() == int.class || f.getType() == short.class)) {
                try {
                    f.setAccessible(true);
                    out.put(f.getName(), ((Number) f.get(null)).longValue());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    static int fieldOffset(Structure s, String field) {
        try {
            // Structure.fieldOffset is protected; the layout JNA computes is exactly what is under test.
            Method m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
            m.setAccessible(true);
            return (int) m.invoke(s, field);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fieldsOf(Class<? extends Structure> mirror) {
        return List.of(mirror.getAnnotation(Structure.FieldOrder.class).value());
    }

    private static String gcc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "gcc");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return Provisioning.missing("gcc is not on the PATH, so the C headers cannot be read", "05-c-compiler.sh");
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(COMPILE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within " + COMPILE_SECONDS + " s");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("Interrupted while running " + command.get(0));
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
