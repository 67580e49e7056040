package io.sendgate.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link SendgateContainer#start()} checks before Testcontainers' own start, each step bounded in time: that a
 * Docker engine answers, and that every image Testcontainers is about to need (Ryuk's, the one it would run to find
 * the Docker host's address, the service's) is on the engine or can be pulled. Testcontainers itself retries a
 * pull that cannot succeed for minutes, saying little; this fails within seconds and names the setting that fixes
 * it. Only Docker's own API is used, never {@link DockerClientFactory#client()}, which would start Ryuk.
 */
final class DockerPreflight {
    static final String RYUK_DISABLED = "TESTCONTAINERS_RYUK_DISABLED";
    static final String HOST_OVERRIDE = "TESTCONTAINERS_HOST_OVERRIDE";
    /** Pinging the engine, inspecting an image or a network. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /** One pull; one that cannot succeed here fails at once, and Testcontainers' own pull timeout is 2 minutes. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(2);
    /** What passed, once per JVM: Ryuk and the host lookup, then each image. */
    private static final AtomicBoolean ENVIRONMENT_PASSED = new AtomicBoolean();
    private static final Set<String> IMAGES_PASSED = ConcurrentHashMap.newKeySet();

    /**
     * What the checks read of this machine and of Testcontainers; the tests give their own.
     *
     * @param env          the environment Testcontainers reads (it reads these two variables from the environment only)
     * @param inAContainer the tests run inside a container ({@code /.dockerenv}), where Testcontainers looks up the
     *                     Docker host's address
     * @param ryukImage    the image Testcontainers starts Ryuk from
     * @param tinyImage    the image Testcontainers runs to read the default gateway
     * @param bridgeNetwork the network whose gateway Testcontainers tries first
     */
    record Machine(Map<String, String> env, boolean inAContainer, DockerImageName ryukImage, DockerImageName tinyImage,
                   String bridgeNetwork) {

        static Machine here() {
            ImageNameSubstitutor substitutor = ImageNameSubstitutor.instance();
            return new Machine(System.getenv(), Files.exists(Path.of("/.dockerenv")),
                    substitutor.apply(literalImage("org/testcontainers/utility/RyukContainer.class",
                            "testcontainers/ryuk", "0.14.0")),
                    substitutor.apply(literalImage("org/testcontainers/DockerClientFactory.class", "alpine", "3.17")),
                    "bridge");
        }

        boolean ryukEnabled() {
            // Testcontainers' own test, in ResourceReaper.instance()
            return !Boolean.parseBoolean(env.get(RYUK_DISABLED));
        }

        boolean hostOverridden() {
            String override = env.get(HOST_OVERRIDE);
            return override != null && !override.isBlank();
        }
    }

    private final Machine machine;
    private final DockerClient docker;

    DockerPreflight(Machine machine, DockerClient docker) {
        this.machine = machine;
        this.docker = docker;
    }

    /** Everything a {@link SendgateContainer} of this image needs before it starts; fails fast, saying what to do. */
    static void check(DockerImageName image) {
        if (IMAGES_PASSED.contains(image.asCanonicalNameString())) {
            return;
        }
        TransportConfig transport = engine();
        try (DockerClient docker = DockerClientProviderStrategy.getClientForConfig(transport)) {
            ping(docker, transport);
            DockerPreflight preflight = new DockerPreflight(Machine.here(), docker);
            if (!ENVIRONMENT_PASSED.get()) {
                preflight.checkRyuk();
                preflight.checkHostLookup(transport.getDockerHost().getScheme());
                ENVIRONMENT_PASSED.set(true);
            }
            preflight.requireImage(ImageNameSubstitutor.instance().apply(image));
            IMAGES_PASSED.add(image.asCanonicalNameString());
        } catch (IOException e) {
            throw new ContainerLaunchException("Could not close the Docker client of the preflight", e);
        }
    }

    /** A Docker engine answers; without starting Ryuk or looking up the host, unlike Testcontainers' own check. */
    static boolean engineAnswers() {
        try {
            TransportConfig transport = engine();
            try (DockerClient docker = DockerClientProviderStrategy.getClientForConfig(transport)) {
                ping(docker, transport);
                return true;
            }
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    /** The engine Testcontainers found (it tries each way to reach one, each bounded). */
    private static TransportConfig engine() {
        try {
            return bounded("finding a Docker engine", CALL_TIMEOUT, () -> DockerClientFactory.instance().getTransportConfig());
        } catch (ContainerLaunchException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ContainerLaunchException("No Docker engine answers (" + e.getMessage() + "). The sendgate container"
                    + " needs one on the machine the tests run on, since it shares the host's network: start it, or set"
                    + " DOCKER_HOST to reach it; on Debian, bash scripts/provision/10-docker.sh (in the sendgate"
                    + " repository) installs and starts one.", e);
        }
    }

    private static void ping(DockerClient docker, TransportConfig transport) {
        bounded("pinging the Docker engine at " + transport.getDockerHost(), CALL_TIMEOUT, () -> docker.pingCmd().exec());
    }

    /** Ryuk, when enabled, starts from its image on the first container; where it cannot be pulled, that hangs. */
    void checkRyuk() {
        if (!machine.ryukEnabled()) {
            return;
        }
        String missing = missingImage(machine.ryukImage());
        if (missing != null) {
            throw new ContainerLaunchException("Testcontainers' resource reaper (Ryuk) is enabled, and its image "
                    + machine.ryukImage().asCanonicalNameString() + " " + missing + "; Testcontainers would retry that"
                    + " pull for minutes before failing. Where no image can be pulled, set the environment variable "
                    + RYUK_DISABLED + "=true for the test JVM (with Maven, in Surefire's <environmentVariables>): each"
                    + " container is then stopped by the test that started it. Or load that image into the engine"
                    + " (docker load), or name one it has with ryuk.container.image in ~/.testcontainers.properties.");
        }
    }

    /**
     * Inside a container, Testcontainers takes the Docker host's address from the bridge network's gateway, and
     * failing that runs a tiny image to read the default route: where that image cannot be pulled, that hangs.
     */
    void checkHostLookup(String dockerHostScheme) {
        boolean socket = "unix".equals(dockerHostScheme) || "npipe".equals(dockerHostScheme);
        if (machine.hostOverridden() || !socket || !machine.inAContainer() || bridgeHasGateway()) {
            return;
        }
        String missing = missingImage(machine.tinyImage());
        if (missing != null) {
            throw new ContainerLaunchException("Testcontainers looks up the Docker host's address: these tests run"
                    + " inside a container (/.dockerenv exists) and the engine's " + machine.bridgeNetwork()
                    + " network has no gateway, so it would run " + machine.tinyImage().asCanonicalNameString()
                    + " to read the default route, and that image " + missing + ". Set the environment variable "
                    + HOST_OVERRIDE + "=localhost for the test JVM (with Maven, in Surefire's <environmentVariables>):"
                    + " the sendgate container shares the Docker host's network and is reached on 127.0.0.1.");
        }
    }

    /** The image is on the engine, or pulled now. */
    void requireImage(DockerImageName image) {
        String missing = missingImage(image);
        if (missing != null) {
            throw new ContainerLaunchException("The image " + image.asCanonicalNameString() + " " + missing + ". Build"
                    + " it from the sendgate repository: ./mvnw -B package -DskipTests && docker/build.sh (it tags"
                    + " sendgate:<version> and sendgate:latest); or start SendgateContainer with an image the engine has.");
        }
    }

    private boolean bridgeHasGateway() {
        try {
            Network network = bounded("inspecting the Docker network " + machine.bridgeNetwork(), CALL_TIMEOUT,
                    () -> docker.inspectNetworkCmd().withNetworkId(machine.bridgeNetwork()).exec());
            return network.getIpam() != null && network.getIpam().getConfig() != null
                    && network.getIpam().getConfig().stream().anyMatch(c -> c.getGateway() != null);
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Null when the image is on the engine or could be pulled now; otherwise why not, as the end of a sentence. */
    private String missingImage(DockerImageName image) {
        String name = image.asCanonicalNameString();
        if (present(name)) {
            return null;
        }
        try {
            bounded("pulling " + name, PULL_TIMEOUT, () -> docker.pullImageCmd(image.getUnversionedPart())
                    .withTag(image.getVersionPart()).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (ContainerLaunchException timedOut) {
            return "is not on the Docker engine, and pulling it did not finish within " + PULL_TIMEOUT.toSeconds() + " s";
        } catch (RuntimeException e) {
            return "is not on the Docker engine and cannot be pulled (" + firstLine(e) + ")";
        }
        return present(name) ? null : "is not on the Docker engine, and a pull did not bring it";
    }

    private boolean present(String name) {
        try {
            bounded("inspecting the image " + name, CALL_TIMEOUT, () -> docker.inspectImageCmd(name).exec());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Runs {@code step} on a thread of its own and waits at most {@code timeout} for it; one that takes longer is
     * abandoned (its thread is a daemon) and reported.
     */
    static <T> T bounded(String step, Duration timeout, Callable<T> call) {
        FutureTask<T> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "sendgate-preflight");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new ContainerLaunchException("The Docker preflight timed out: " + step + " did not finish within "
                    + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms") + ". Is the Docker engine overloaded or stuck? (docker info tells.)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ContainerLaunchException(step + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new ContainerLaunchException("Interrupted while " + step, e);
        }
    }

    /**
     * The image a Testcontainers class names in its code ({@code testcontainers/ryuk:0.14.0}), read from the class
     * file so that it follows the Testcontainers version; {@code fallbackTag} when it cannot be read.
     */
    static DockerImageName literalImage(String classFile, String repository, String fallbackTag) {
        try (InputStream in = Objects.requireNonNull(DockerClientFactory.class.getClassLoader().getResourceAsStream(classFile))) {
            Matcher m = Pattern.compile(Pattern.quote(repository) + ":[0-9][0-9A-Za-z._-]*")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return DockerImageName.parse(m.group());
            }
        } catch (IOException | RuntimeException e) {
            // the fallback below
        }
        return DockerImageName.parse(repository + ":" + fallbackTag);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
