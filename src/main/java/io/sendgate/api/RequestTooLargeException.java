package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

/** A request body larger than its limit (C34, C39): 413 with WSAENOBUFS, from wherever it is noticed. */
public final class RequestTooLargeException extends WsaException {
    public RequestTooLargeException(String message) {
        super(WsaError.WSAENOBUFS, message);
    }
}
