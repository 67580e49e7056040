package io.sendgate.config;

import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.NotInitialisedSockets;
import io.sendgate.core.port.PromptWakeups;
import io.sendgate.jna.NativeDrivers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one place that picks the native driver: by platform, or as {@code sendgate.driver} forces. */
@Configuration(proxyBeanMethods = false)
public class NativeDriverConfig {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDriverConfig.class);

    @Bean(destroyMethod = "close")
    NativeSockets nativeSockets(SendgateProperties properties) {
        String name = driverName(properties);
        try {
            NativeSockets driver = NativeDrivers.start(name);
            LOG.info("Native driver {} started", driver.name());
            return driver;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Native driver {} did not start; every socket call answers WSANOTINITIALISED", name, e);
            return new NotInitialisedSockets(name, e);
        }
    }

    /** The event streams' writers ask for it (C17); a platform that cannot take it is no reason not to start. */
    @Bean
    PromptWakeups promptWakeups(SendgateProperties properties) {
        try {
            return NativeDrivers.promptWakeups(driverName(properties));
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Event stream writers run without prompt wake-ups", e);
            return PromptWakeups.NONE;
        }
    }

    private static String driverName(SendgateProperties properties) {
        return "auto".equals(properties.driver()) ? NativeDrivers.forPlatform() : properties.driver();
    }

    /** Health shows the driver and, when it did not start, why (C30). */
    @Bean
    HealthIndicator nativeDriverHealthIndicator(NativeSockets natives) {
        return () -> (natives.available() ? Health.up() : Health.down())
                .withDetail("driver", natives.name())
                .withDetails(natives.details())
                .build();
    }
}
