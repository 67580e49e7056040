package io.sendgate.testcontainers;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell examples of the README's "Docker image" section run with bash as written, from the repository's root,
 * against the image this build made ({@code sendgate:latest}, which docker/build.sh tags with the image under test).
 * A README edit that breaks one fails here; a new example in that section fails here until it is run here too. The
 * token block proves C32 on the image (on every address, the API wants the token: {@code []} with it, 401 without)
 * and C37's health half (the container's health check, which has no token, sees it healthy).
 *
 * <p>What is not as written, and why:
 * <ul>
 * <li>Port 8080 becomes a free port: in the curl lines' {@code http://127.0.0.1:8080}, and as {@code -e SERVER_PORT=<port>}
 *     inserted after {@code docker run} (the image sets 8080). With host networking, 8080 may be held by something else
 *     on the machine, and a taken port stops the container.</li>
 * <li>The container name {@code sendgate}, and the tag {@code sendgate} of the build lines, become unique names, so that
 *     parallel runs, a user's own container and the build's {@code sendgate:latest} are left alone. Every container and
 *     tag the test made is removed, pass or fail.</li>
 * <li>Before a block's first curl line the test waits, at most 120 s, until Docker reports the container healthy: the
 *     README says "once started" and "healthy after the first probe", and a script cannot wait on a comment. The
 *     block's own lines run after it, and their output is checked.</li>
 * <li>The first block's first two lines, {@code ./mvnw -B package -DskipTests} and {@code docker/build.sh}, are not run:
 *     {@code ./mvnw verify} ran both just before this module (package, then docker/build.sh); here they would start a
 *     Maven build inside this one and re-tag the image the module's other tests are using. The test checks that they
 *     are still those two lines.</li>
 * <li>A {@code docker build} line runs only where its base image is already here, since nothing is pulled: where no
 *     registry answers, the line on {@code sendgate-base:17} runs and the one on {@code eclipse-temurin:17-jre} does not.
 *     They reuse docker/build.sh's layers, so each costs seconds.</li>
 * </ul>
 * Between the lines the test prints markers, to tell each line's output and exit status apart; after the token block's
 * curl it adds the same curl without the token, which must be refused with 401.
 */
@ExtendWith(DockerEngine.class)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the README's examples are bash")
class ReadmeDockerTests {
    /** The image the README's examples run; docker/build.sh tags it along with the image under test. */
    private static final String README_IMAGE = "sendgate:latest";
    private static final int HEALTHY_WITHIN_SECONDS = 120;
    /** A script's bound: creating a container copies the image on vfs, then the wait for health, then the rest. */
    private static final int SCRIPT_WITHIN_SECONDS = HEALTHY_WITHIN_SECONDS + 180;
    private static final int CLEANUP_WITHIN_SECONDS = 60;
    private static final String UP_AND_HEALTHY = "sendgate_readme_wait_healthy";
    /** The container name or tag {@code sendgate}, not {@code sendgate:latest}, {@code sendgate-base} or a path. */
    private static final Pattern NAME = Pattern.compile("(?<![\\w:/.=-])sendgate(?![\\w:/.-])");
    private static final Pattern MARKER = Pattern.compile("\n@@step (\\d+) exit (\\d+)@@\n");
    /** Waits until Docker reports the container healthy; if it stops, turns unhealthy or takes too long, ends the script. */
    private static final String PRELUDE = UP_AND_HEALTHY + "() {\n"
            + "  local started=$SECONDS state\n"
            + "  while (( SECONDS - started < " + HEALTHY_WITHIN_SECONDS + " )); do\n"
            + "    state=$(docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' \"$1\" 2>&1)\n"
            + "    case $state in\n"
            + "      'running healthy') echo \"healthy after $((SECONDS - started)) s\"; return 0 ;;\n"
            + "      'running starting') sleep 1 ;;\n"
            + "      *) break ;;\n"
            + "    esac\n"
            + "  done\n"
            + "  echo \"container $1 not healthy after $((SECONDS - started)) s: $state\" >&2\n"
            + "  docker logs --tail 60 \"$1\" >&2\n"
            + "  exit 1\n"
            + "}\n";

    private static Path repository;
    private static List<String> blocks;

    @BeforeAll
    static void readTheReadme() throws Exception {
        for (String tool : new String[] {"bash", "docker", "curl", "openssl"}) {
            boolean present = new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
            if (!present) {
                Assumptions.abort(Provisioning.skip(tool + " is not installed (the README's Docker examples use it)",
                        "00-tools.sh", "ReadmeDockerTests"));
            }
        }
        repository = repositoryRoot();
        String readme = Files.readString(repository.resolve("README.md"));
        Matcher section = Pattern.compile("\n## Docker image\n(.*?)(?=\n## |\\z)", Pattern.DOTALL).matcher(readme);
        assertThat(section.find()).as("the README has its Docker image section").isTrue();
        Matcher fence = Pattern.compile("```(?:sh|bash)\n(.*?)```", Pattern.DOTALL).matcher(section.group(1));
        blocks = new ArrayList<>();
        while (fence.find()) {
            blocks.add(fence.group(1));
        }
        assertThat(blocks).as("the Docker image section's examples: run it, build it, run it with a token;"
                + " a new one is run by a test here too").hasSize(3);

        String readmeImage = imageId(README_IMAGE);
        assertThat(readmeImage).as(README_IMAGE + " is not built: run docker/build.sh").isNotNull();
        assertThat(readmeImage).as("the README runs " + README_IMAGE + ", which is not the image under test, "
                + DockerEngine.imageUnderTest() + ": run docker/build.sh").isEqualTo(imageId(DockerEngine.imageUnderTest()));
    }

    @Test
    void theImageStartsAndReportsHealthAsTheReadmeShows() throws Exception {
        List<String> lines = commands(blocks.get(0));
        int run = firstStartingWith(lines, "docker run ");
        assertThat(lines.subList(0, run)).as("the lines before docker run, which ./mvnw verify has run before this module")
                .map(ReadmeDockerTests::uncommented).containsExactly("./mvnw -B package -DskipTests", "docker/build.sh");
        Ran ran = runBlock(1, lines.subList(run, lines.size()), Map.of());

        assertThat(ran.output("docker run ")).as(ran.story()).matches("[0-9a-f]{64}");
        // The README's {"status":"UP",...}: an object whose status is UP. Over loopback without a token the details
        // come too, and Jackson 3 writes them in alphabetical order, so "status" is not first.
        assertThat(JsonMapper.builder().build().readTree(ran.output("curl ")).path("status").asString())
                .as(ran.story()).isEqualTo("UP");
        assertThat(ran.output("docker inspect ")).as(ran.story()).isEqualTo("healthy");
    }

    @Test
    void withATokenItListensOnEveryAddressAndTheApiAsksForTheToken() throws Exception {
        List<String> lines = commands(blocks.get(2));
        String withToken = lines.get(firstStartingWith(lines, "curl "));
        String tokenHeader = "-H \"Authorization: Bearer $TOKEN\" ";
        assertThat(withToken).contains(tokenHeader);
        // The same call without the token: only its status is printed.
        String withoutToken = uncommented(withToken.replace(tokenHeader, "-s -o /dev/null -w '%{http_code}' "));
        Ran ran = runBlock(3, lines, Map.of(withToken, withoutToken));

        // C37: the container's health check answers without the token (the wait saw it healthy)
        assertThat(ran.output(UP_AND_HEALTHY)).as(ran.story()).startsWith("healthy");
        // C32: listening on every address, the API answers with the token and refuses without it
        assertThat(ran.output("curl -H ")).as(ran.story()).isEqualTo("[]");
        assertThat(ran.output("curl -s -o /dev/null ")).as(ran.story()).isEqualTo("401");
    }

    @Test
    void theBuildLinesBuildOnABaseThatIsHere() throws Exception {
        List<String> lines = commands(blocks.get(1));
        assertThat(lines).allMatch(line -> line.startsWith("docker build "));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(repository.resolve("target"), "sendgate-*.jar")) {
            assertThat(jars).as("the build lines copy the one target/sendgate-*.jar: run ./mvnw package").hasSize(1);
        }
        Matcher defaultBase = Pattern.compile("(?m)^ARG BASE_IMAGE=(\\S+)")
                .matcher(Files.readString(repository.resolve("docker/Dockerfile")));
        assertThat(defaultBase.find()).as("the Dockerfile names its default base").isTrue();
        int built = 0;
        for (String line : lines) {
            Matcher arg = Pattern.compile("--build-arg BASE_IMAGE=(\\S+)").matcher(line);
            String base = arg.find() ? arg.group(1) : defaultBase.group(1);
            if (imageId(base) == null) {
                System.out.println("README Docker block 2: not run, its base " + base + " is not here and is never pulled: " + line);
                continue;
            }
            String tag = uniqueName();
            try {
                Script script = new Script();
                script.step(withName(line, tag));
                Ran ran = script.run(repository);

                ran.assertEveryStepSucceeded();
                assertThat(imageId(tag)).as(ran.story()).isNotNull();
                System.out.println("README Docker block 2: built on " + base + " in " + ran.seconds() + " s");
                built++;
            } finally {
                removeImage(tag);
            }
        }
        Assumptions.assumeTrue(built > 0, "none of the README's build lines has its base image here, and none is pulled");
    }

    /**
     * Runs a block's lines with a free port and a unique container name, waiting for health before the first curl
     * line, and removes the container whatever happens; {@code after} adds a line after a README line. Every step
     * must succeed, and the block's docker rm must name the container.
     */
    private static Ran runBlock(int number, List<String> lines, Map<String, String> after) throws Exception {
        String name = uniqueName();
        try {
            Ran ran = runHere(lines, freePort(), name, after);

            ran.assertEveryStepSucceeded();
            assertThat(ran.output("docker rm ")).as(ran.story()).isEqualTo(name);
            System.out.println("README Docker block " + number + ": " + ran.output(UP_AND_HEALTHY)
                    + "; ran in " + ran.seconds() + " s");
            return ran;
        } finally {
            removeContainer(name);
        }
    }

    private static Ran runHere(List<String> lines, int port, String name, Map<String, String> after) throws Exception {
        Script script = new Script();
        boolean waited = false;
        for (String line : lines) {
            assertThat(uncommented(line).replace("http://127.0.0.1:8080", "")).as("8080 where the test cannot change it")
                    .doesNotContain("8080");
            String here = withName(line, name)
                    .replace("docker run ", "docker run -e SERVER_PORT=" + port + " ")
                    .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + port);
            if (line.startsWith("curl ") && !waited) {
                script.step(UP_AND_HEALTHY + " " + name);
                waited = true;
            }
            script.step(here);
            if (after.containsKey(line)) {
                script.step(withName(after.get(line), name)
                        .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + port));
            }
        }
        assertThat(script.steps).as("the block runs the container by its name and removes it")
                .anyMatch(step -> step.startsWith("docker run ") && step.contains("--name " + name + " "))
                .anyMatch(step -> uncommented(step).equals("docker rm -f " + name));
        return script.run(repository);
    }

    /** The block's commands: no blank lines, no comment lines; a continued line would be split by the markers. */
    private static List<String> commands(String block) {
        List<String> lines = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                assertThat(line).as("one command a line").doesNotEndWith("\\");
                lines.add(line.strip());
            }
        }
        return lines;
    }

    private static int firstStartingWith(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + start + " in " + lines);
    }

    private static String uncommented(String line) {
        return line.replaceFirst("\\s+#.*$", "").strip();
    }

    private static String withName(String line, String name) {
        return NAME.matcher(line).replaceAll(name);
    }

    private static String uniqueName() {
        return "sendgate-readme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The repository's root: the module's directory is the tests' working directory, and the root is above it. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("docker/Dockerfile"))) {
                return dir;
            }
        }
        throw new AssertionError("no README.md with docker/Dockerfile beside it above " + Path.of("").toAbsolutePath());
    }

    private static String imageId(String image) {
        try {
            return DockerClientFactory.lazyClient().inspectImageCmd(image).exec().getId();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static void removeContainer(String name) throws Exception {
        cleanUp("docker rm -f " + name + " >/dev/null 2>&1 || true");
    }

    private static void removeImage(String tag) throws Exception {
        cleanUp("docker image inspect " + tag + " >/dev/null 2>&1 && docker rmi " + tag + " >/dev/null");
    }

    private static void cleanUp(String command) throws Exception {
        Process cleanup = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        cleanup.getOutputStream().close();
        if (!cleanup.waitFor(CLEANUP_WITHIN_SECONDS, TimeUnit.SECONDS)) {
            cleanup.destroyForcibly();
            throw new AssertionError("not done within " + CLEANUP_WITHIN_SECONDS + " s: " + command);
        }
    }

    /** A bash script: the steps, each followed by a marker with its number and exit status. */
    private static final class Script {
        final List<String> steps = new ArrayList<>();
        private final StringBuilder text = new StringBuilder(PRELUDE);

        void step(String command) {
            text.append(command).append('\n')
                    .append("printf '\\n@@step %d exit %d@@\\n' ").append(steps.size()).append(" $?\n");
            steps.add(command);
        }

        Ran run(Path directory) throws Exception {
            Path out = Files.createTempFile("readme-docker", ".out");
            Path err = Files.createTempFile("readme-docker", ".err");
            try {
                long started = System.nanoTime();
                Process bash = new ProcessBuilder("bash", "-c", text.toString()).directory(directory.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                bash.getOutputStream().close();
                boolean ended = bash.waitFor(SCRIPT_WITHIN_SECONDS, TimeUnit.SECONDS);
                if (!ended) {
                    bash.descendants().forEach(ProcessHandle::destroyForcibly);
                    bash.destroyForcibly();
                    bash.waitFor(10, TimeUnit.SECONDS);
                }
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                Map<Integer, Integer> exits = new HashMap<>();
                Map<Integer, String> outputs = new HashMap<>();
                Matcher marker = MARKER.matcher(stdout);
                for (int from = 0; marker.find(); from = marker.end()) {
                    int step = Integer.parseInt(marker.group(1));
                    exits.put(step, Integer.parseInt(marker.group(2)));
                    outputs.put(step, stdout.substring(from, marker.start()).strip());
                }
                return new Ran(this, ended, seconds, exits, outputs, stdout, Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    /** What a script printed, a step at a time: each step that ended, its exit status and output. */
    private record Ran(Script script, boolean ended, long seconds, Map<Integer, Integer> exits,
                       Map<Integer, String> outputs, String stdout, String stderr) {

        void assertEveryStepSucceeded() {
            assertThat(ended).as("the script ends within " + SCRIPT_WITHIN_SECONDS + " s\n" + story()).isTrue();
            for (int step = 0; step < script.steps.size(); step++) {
                assertThat(exits.get(step)).as("the exit status of: " + script.steps.get(step) + "\n" + story()).isEqualTo(0);
            }
        }

        /** The output of the first step that starts with {@code start}. */
        String output(String start) {
            for (int step = 0; step < script.steps.size(); step++) {
                if (script.steps.get(step).startsWith(start)) {
                    assertThat(outputs).as("the step ran: " + script.steps.get(step) + "\n" + story()).containsKey(step);
                    return outputs.get(step);
                }
            }
            throw new AssertionError("no step starts with " + start + "\n" + story());
        }

        String story() {
            return "script:\n" + script.text + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
