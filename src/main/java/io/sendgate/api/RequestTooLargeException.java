package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

/**
 * A request larger than {@code sendgate.limits.max-request-size} (C34, C39). WSAENOBUFS like every byte
 * limit, but the HTTP answer is 413: the request itself is too large, the service is not out of memory.
 */
public class RequestTooLargeException extends WsaException {
    public RequestTooLargeException(String message) {
        super(WsaError.WSAENOBUFS, message);
    }
}
