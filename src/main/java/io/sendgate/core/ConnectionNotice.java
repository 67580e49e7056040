package io.sendgate.core;

import io.sendgate.core.port.Endpoint;

import java.time.Instant;

/**
 * News of a listener's connection on the event stream: one accepted into the pool by an auto-accepting
 * listener (C45, C46), or one refused because its peer is outside the allowlist or the pool was full (C40).
 *
 * @param socketId the pooled socket it became, or null when it was refused
 * @param socket   the accepted socket as it was when it joined the pool; null when it was refused
 */
public record ConnectionNotice(Kind kind, String listenerId, String socketId, Endpoint remote, Instant at, String detail,
                               SocketView socket) {
    public enum Kind {
        /** Joined the pool by itself: its listener accepts automatically (C45). */
        ACCEPTED,
        /** Reset at once and never pooled: the peer is outside the allowlist (C40), or no room was left. */
        REFUSED
    }
}
