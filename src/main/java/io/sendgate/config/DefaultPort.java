package io.sendgate.config;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The port the service takes when nothing names one: 8080, or, when another program holds it, the next
 * free port up to 8099 (then any free one), so that the first command of the README works whatever else
 * runs on the machine. A port that is named ({@code --server.port}, {@code SERVER_PORT}, a properties file)
 * is taken as it is: who names a port wants that one, and a clear failure when it is held.
 */
public final class DefaultPort implements EnvironmentPostProcessor {
    static final int PREFERRED = 8080;
    private static final int LAST_TRIED = 8099;

    private final Log log;

    public DefaultPort(DeferredLogFactory logs) {
        this.log = logs.getLog(DefaultPort.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("server.port")) {
            return;
        }
        int port = firstFree(PREFERRED, LAST_TRIED);
        if (port != PREFERRED) {
            log.warn("Port " + PREFERRED + " is taken by another program; sendgate listens on "
                    + (port == 0 ? "a free port" : "port " + port) + " instead (set server.port to choose one)");
        }
        environment.getPropertySources().addLast(new MapPropertySource("sendgate-default-port", Map.of("server.port", port)));
    }

    /** The first port of {@code [from, to]} no program listens on, on any address; 0 (any free port) if none. */
    static int firstFree(int from, int to) {
        for (int port = from; port <= to; port++) {
            // the wildcard address: a program that holds the port on any one address makes it taken
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // next one
            }
        }
        return 0;
    }
}
