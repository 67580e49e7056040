package io.sendgate.api;

import io.sendgate.core.CompletionLog;
import io.sendgate.core.Operation;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

/** Looking an operation up by id: unknown (404) and no longer retained (410, C19) are told apart. */
final class Operations {
    private Operations() {
    }

    static Operation find(CompletionLog log, long id) {
        Operation op = log.find(id);
        if (op != null) {
            return op;
        }
        if (log.presence(id) == CompletionLog.Presence.GONE) {
            throw new OperationGoneException(id);
        }
        throw new WsaException(WsaError.WSA_INVALID_HANDLE, "No operation " + id, null, id, 0);
    }

    /**
     * An id the log gave out, retained or not: a stream that waits for an operation never given out would
     * wait forever, so a typo must say so.
     */
    static void requireIssued(CompletionLog log, long id) {
        if (log.presence(id) == CompletionLog.Presence.UNKNOWN) {
            throw new WsaException(WsaError.WSA_INVALID_HANDLE, "No operation " + id + " was ever given out", null, id, 0);
        }
    }

    /** The operation existed but is no longer retained (sendgate.limits.retained-operations, operation-retention). */
    static final class OperationGoneException extends WsaException {
        OperationGoneException(long id) {
            super(WsaError.WSA_INVALID_HANDLE, "Operation " + id + " ended and is no longer retained "
                    + "(sendgate.limits.retained-operations, sendgate.limits.operation-retention)", null, id, 0);
        }
    }
}
