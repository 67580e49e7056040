package io.sendgate.testcontainers;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The preflight against the real engine, with image names that exist nowhere: it fails within seconds, where
 * Testcontainers would retry the pull for minutes, and the message names the setting that fixes it.
 */
@ExtendWith(DockerEngine.class)
class DockerPreflightTests {
    private static final DockerImageName ABSENT = DockerImageName.parse("sendgate-preflight/absent:0");
    /** Far below Testcontainers' two minutes of pull retries; the failures here come from a refused pull at once. */
    private static final Duration FAST = Duration.ofSeconds(30);

    private static DockerClient docker;

    @BeforeAll
    static void connect() {
        docker = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
    }

    @AfterAll
    static void disconnect() throws Exception {
        docker.close();
    }

    @Test
    void ryukEnabledWithAnImageThatCannotBeHadFailsFastNamingTheVariable() {
        DockerPreflight preflight = new DockerPreflight(machine(Map.of(), false), docker);

        ContainerLaunchException failed = failsFast(preflight::checkRyuk);

        assertThat(failed.getMessage())
                .contains("Ryuk", ABSENT.asCanonicalNameString(), "cannot be pulled")
                .contains("TESTCONTAINERS_RYUK_DISABLED=true");
    }

    @Test
    void ryukDisabledNeedsNoImage() {
        DockerPreflight preflight = new DockerPreflight(machine(Map.of("TESTCONTAINERS_RYUK_DISABLED", "true"), false), docker);

        preflight.checkRyuk();
    }

    @Test
    void aHostLookupThatWouldRunAnImageThatCannotBeHadFailsFastNamingTheVariable() {
        DockerPreflight preflight = new DockerPreflight(machine(Map.of(), true), docker);

        ContainerLaunchException failed = failsFast(() -> preflight.checkHostLookup("unix"));

        assertThat(failed.getMessage())
                .contains("/.dockerenv", "sendgate-preflight-absent-network", ABSENT.asCanonicalNameString())
                .contains("TESTCONTAINERS_HOST_OVERRIDE=localhost");
    }

    @Test
    void theHostLookupIsLeftAloneWhenOverriddenOrOutsideAContainer() {
        new DockerPreflight(machine(Map.of("TESTCONTAINERS_HOST_OVERRIDE", "localhost"), true), docker).checkHostLookup("unix");
        new DockerPreflight(machine(Map.of(), false), docker).checkHostLookup("unix");
        new DockerPreflight(machine(Map.of(), true), docker).checkHostLookup("tcp");
    }

    @Test
    void anImageThatIsNotBuiltFailsFastSayingHowToBuildIt() {
        DockerPreflight preflight = new DockerPreflight(machine(Map.of(), false), docker);

        ContainerLaunchException failed = failsFast(() -> preflight.requireImage(ABSENT));

        assertThat(failed.getMessage()).contains(ABSENT.asCanonicalNameString(), "docker/build.sh");
    }

    @Test
    void theImageUnderTestPasses() {
        new DockerPreflight(machine(Map.of(), false), docker).requireImage(DockerImageName.parse(DockerEngine.imageUnderTest()));
    }

    @Test
    void aStepThatHangsIsCutAtItsBound() {
        long started = System.nanoTime();

        ContainerLaunchException failed = assertThrows(ContainerLaunchException.class, () -> DockerPreflight.bounded(
                "waiting for nothing", Duration.ofMillis(300), () -> {
                    Thread.sleep(60_000);
                    return null;
                }));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(failed.getMessage()).contains("waiting for nothing did not finish within 300 ms");
    }

    @Test
    void ryuksImageIsTheOneThisTestcontainersVersionNames() {
        DockerImageName ryuk = DockerPreflight.literalImage("org/testcontainers/utility/RyukContainer.class",
                "testcontainers/ryuk", "fallback");

        assertThat(ryuk.getUnversionedPart()).isEqualTo("testcontainers/ryuk");
        assertThat(ryuk.getVersionPart()).matches("[0-9]+\\.[0-9]+\\.[0-9]+");
    }

    private static DockerPreflight.Machine machine(Map<String, String> env, boolean inAContainer) {
        return new DockerPreflight.Machine(env, inAContainer, ABSENT, ABSENT, "sendgate-preflight-absent-network");
    }

    private static ContainerLaunchException failsFast(Runnable check) {
        long started = System.nanoTime();
        ContainerLaunchException failed = assertThrows(ContainerLaunchException.class, check::run);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(failed.getMessage()).isLessThan(FAST);
        return failed;
    }
}
