package io.sendgate.core;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;

import java.time.Instant;

/** A listening socket (C3). It is not a socket that sends: its id is unknown under /sockets (C27). */
public record PooledListener(String id, NativeListener nat, int backlog, Instant openedAt) {
    public Endpoint local() {
        return nat.local();
    }
}
