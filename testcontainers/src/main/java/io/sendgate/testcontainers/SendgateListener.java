package io.sendgate.testcontainers;

import java.time.Instant;

/**
 * A listening socket of the service. Clients under test connect to {@code localAddress:localPort}; an
 * auto-accepting listener puts each connection into the pool by itself
 * ({@link SendgateClient#awaitAccepted(String, java.time.Duration)} finds it).
 */
public record SendgateListener(String id, String localAddress, int localPort, int backlog, boolean autoAccept,
                               Instant openedAt) {
}
