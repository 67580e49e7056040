package io.sendgate.core.port;

import io.sendgate.core.WsaError;

/**
 * Why a native call failed: the Winsock code a Windows program would see, and the platform's own words
 * for it (for example {@code sendmsg failed with error(104): Connection reset by peer}), which a user
 * debugging a peer needs as much as the code.
 */
public record Failure(WsaError error, String detail) {
    public Failure {
        if (error == null) {
            throw new IllegalArgumentException("a failure has a code");
        }
        if (detail == null || detail.isBlank()) {
            detail = error.description();
        }
    }

    public static Failure of(WsaError error) {
        return new Failure(error, null);
    }
}
