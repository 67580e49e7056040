package io.sendgate.api;

import io.sendgate.core.PooledListener;

import java.time.Instant;

public record ListenerResponse(String id, String localAddress, int localPort, int backlog, Instant openedAt,
                               boolean autoAccept) {
    static ListenerResponse of(PooledListener l) {
        return new ListenerResponse(l.id(), l.local().host(), l.local().port(), l.backlog(), l.openedAt(),
                l.autoAccept() != null);
    }
}
