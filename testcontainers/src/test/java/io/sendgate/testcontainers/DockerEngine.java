package io.sendgate.testcontainers;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.utility.DockerImageName;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs container tests only where a Docker engine answers; elsewhere they are skipped with the reason, or
 * fail when {@code SENDGATE_STRICT=true} (CI), so that a missing engine cannot pass for a green run. With an
 * engine, the module's own preflight runs first: a missing image, or Ryuk where its image cannot be pulled, fails
 * at once with the fix.
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
        if (DockerPreflight.engineAnswers()) {
            DockerPreflight.check(DockerImageName.parse(imageUnderTest()));
            return ConditionEvaluationResult.enabled("a Docker engine answers");
        }
        String why = Provisioning.skip("no Docker engine answers", "10-docker.sh",
                context.getRequiredTestClass().getSimpleName());
        // Surefire counts skipped tests but does not print why; say it once where the build log shows it.
        if (TOLD.compareAndSet(false, true)) {
            System.out.println(why + ", so the sendgate container tests cannot run");
        }
        return ConditionEvaluationResult.disabled(why);
    }
}
