package io.sendgate.core.port;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a native call failed: the Winsock code a Windows program would see, and the platform's own words
 * for it (for example {@code sendmsg failed with error(104): Connection reset by peer}), which a user
 * debugging a peer needs as much as the code.
 */
public record Failure(WsaError error, String detail) {
    private static final Logger LOG = LoggerFactory.getLogger(Failure.class);

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

    /**
     * What a call that should answer with a code threw: a WsaException is that code; anything else is a
     * bug, which still ends the send with a code (C34). The caller keeps only the code, so the bug is
     * logged here, or no one would see it.
     */
    public static Failure of(RuntimeException thrown) {
        if (thrown instanceof WsaException e) {
            return new Failure(e.error(), e.getMessage());
        }
        LOG.error("A call that answers with a Winsock code threw instead", thrown);
        return new Failure(WsaError.WSASYSCALLFAILURE, "The native driver failed; the service log has the details");
    }

    public WsaException toException() {
        return new WsaException(error, detail);
    }
}
