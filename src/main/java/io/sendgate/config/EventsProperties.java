package io.sendgate.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Completion events and multiple waits, under {@code sendgate.events.*} (C16, C17).
 *
 * @param maxSubscribers    event streams open at once; past it a new one gets 503 WSAEMFILE
 * @param maxBacklog        events a stream may fall behind (counted from when it connected) before it
 *                          is cut with an {@code overflow} event; keep it below
 *                          {@code sendgate.limits.retained-operations} so the client can resume without loss
 * @param heartbeat         how often an idle stream gets a comment line, so proxies keep it open and a
 *                          vanished client is noticed: a client that went away frees its slot within two
 *                          heartbeats, as only a failed write tells that it went (C38)
 * @param reconnectDelay    the {@code retry:} a stream advises EventSource clients to wait before reconnecting
 * @param shutdownDrain     how long stopping the service waits for streams to deliver the last completions (C23)
 * @param maxWaitOperations operations one wait may name (WSA_MAXIMUM_WAIT_EVENTS is 64)
 */
@ConfigurationProperties("sendgate.events")
public record EventsProperties(
        @DefaultValue("64") int maxSubscribers,
        @DefaultValue("10000") int maxBacklog,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("3s") Duration reconnectDelay,
        @DefaultValue("5s") Duration shutdownDrain,
        @DefaultValue("64") int maxWaitOperations) {

    public EventsProperties {
        if (maxSubscribers < 1 || maxBacklog < 1 || maxWaitOperations < 1) {
            throw new IllegalArgumentException(
                    "sendgate.events.max-subscribers, max-backlog and max-wait-operations must be at least 1");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("sendgate.events.heartbeat must be positive");
        }
        if (reconnectDelay.isNegative() || shutdownDrain.isNegative()) {
            throw new IllegalArgumentException("sendgate.events.reconnect-delay and shutdown-drain must not be negative");
        }
    }
}
