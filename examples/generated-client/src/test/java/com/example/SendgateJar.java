package com.example;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's packaged jar, run with {@code java -jar JAR --server.port=0}: Tomcat takes a free port, which the
 * service's ready line names. Ready means {@code /actuator/health} says UP. {@link #close()} stops it (SIGTERM, then a
 * kill after 30 s). Its output goes to {@code target/sendgate-service.log}, whose last lines a failed start shows.
 */
final class SendgateJar implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("sendgate is ready: (http://127\\.0\\.0\\.1:\\d+)/");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path jar;
    private final Path log;
    private final Process process;
    private String baseUrl;

    private SendgateJar(Path jar, Path log, Process process) {
        this.jar = jar;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar named by the system property {@code sendgate.jar} and waits until it is healthy. */
    static SendgateJar start() throws Exception {
        String property = System.getProperty("sendgate.jar");
        if (property == null || property.isBlank()) {
            throw new IllegalStateException("no -Dsendgate.jar: the path to sendgate's packaged jar (./mvnw package)");
        }
        Path jar = Path.of(property).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run ./mvnw package -DskipTests in the repository first");
        }
        Path log = Path.of("target", "sendgate-service.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--server.port=0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close(); // no standard input
        SendgateJar service = new SendgateJar(jar, log, process);
        try {
            service.awaitHealthy();
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT}, from the service's ready line. */
    String baseUrl() {
        return baseUrl;
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(jar + " exited with code " + process.exitValue()
                        + " before it was ready.\n" + lastLines());
            }
            if (baseUrl == null) {
                Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (ready.find()) {
                    baseUrl = ready.group(1);
                }
            }
            if (baseUrl != null && healthy(http)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(jar + " was not ready within " + START_TIMEOUT.toSeconds() + " s (waited for "
                + (baseUrl == null ? "its ready line" : "health UP") + ").\n" + lastLines());
    }

    private boolean healthy(HttpClient http) throws InterruptedException {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The log's last lines, for a failure's message. */
    String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "no log at " + log + ": " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
