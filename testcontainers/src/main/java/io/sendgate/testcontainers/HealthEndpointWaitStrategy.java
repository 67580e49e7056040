package io.sendgate.testcontainers;

import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Ready when the service's health endpoint answers 200. Testcontainers' own HTTP wait reads the address
 * from port mappings, which a container on the host's network does not have.
 */
final class HealthEndpointWaitStrategy extends AbstractWaitStrategy {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final long PAUSE_MS = 250;

    private final Supplier<URI> healthUri;

    HealthEndpointWaitStrategy(Supplier<URI> healthUri) {
        this.healthUri = healthUri;
    }

    @Override
    protected void waitUntilReady() {
        URI uri = healthUri.get();
        HttpClient http = HttpClient.newBuilder().connectTimeout(ATTEMPT_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ATTEMPT_TIMEOUT).GET().build();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("The sendgate container stopped before " + uri
                        + " answered; its log:\n" + waitStrategyTarget.getLogs());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("Interrupted while waiting for " + uri, e);
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("Interrupted while waiting for " + uri, e);
            }
        }
        throw new ContainerLaunchException("The sendgate container's " + uri + " did not answer 200 within "
                + startupTimeout + " (last: " + last + ")");
    }
}
