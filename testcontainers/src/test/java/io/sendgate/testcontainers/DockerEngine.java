package io.sendgate.testcontainers;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs container tests only where a Docker engine answers; elsewhere they are skipped with the reason, or
 * fail when {@code SENDGATE_STRICT=true} (CI), so that a missing engine cannot pass for a green run. With an
 * engine, a missing image fails at once with the command that builds it.
 */
final class DockerEngine implements ExecutionCondition {
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    /** The image under test: the build passes the one docker/build.sh tagged from this repository. */
    static String imageUnderTest() {
        return System.getProperty("sendgate.image",
                SendgateContainer.DEFAULT_IMAGE_NAME.withTag(SendgateContainer.DEFAULT_TAG).asCanonicalNameString());
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            requireImage(imageUnderTest());
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        String why = "no Docker engine answers, so the sendgate container tests cannot run "
                + "(scripts/provision/10-docker.sh installs and starts one)";
        if ("true".equalsIgnoreCase(System.getenv("SENDGATE_STRICT"))) {
            throw new IllegalStateException("SENDGATE_STRICT=true and " + why);
        }
        // Surefire counts skipped tests but does not print why; say it once where the build log shows it.
        if (TOLD.compareAndSet(false, true)) {
            System.out.println("SKIPPED: " + why);
        }
        return ConditionEvaluationResult.disabled("SKIPPED: " + why);
    }

    // Rather than after Testcontainers' pull attempts, which cannot succeed for a locally built image.
    private static void requireImage(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("The image " + image
                    + " is not built: run ./mvnw package, then docker/build.sh (./mvnw verify does both)");
        }
    }
}
