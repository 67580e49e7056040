package io.sendgate.core;

import io.sendgate.core.port.Endpoint;

import java.time.Instant;

/**
 * News of a listener's connection on the event stream: one refused because its peer is outside the
 * allowlist (C40).
 *
 * @param socketId the pooled socket it became, or null when it was refused
 */
public record ConnectionNotice(Kind kind, String listenerId, String socketId, Endpoint remote, Instant at, String detail) {
    public enum Kind {
        /** Reset at once and never pooled: the peer is outside the allowlist (C40). */
        REFUSED
    }
}
