package io.sendgate.api;

import io.sendgate.core.WsaError;
import org.springframework.http.HttpStatus;

import java.util.EnumMap;
import java.util.Map;

/** The one table from a Winsock code to the HTTP status of its problem detail. */
final class WsaHttpStatus {
    private static final Map<WsaError, HttpStatus> TABLE = new EnumMap<>(WsaError.class);

    static {
        for (WsaError e : new WsaError[] {WsaError.WSAEFAULT, WsaError.WSAEINVAL, WsaError.WSAEOPNOTSUPP,
                WsaError.WSAEMSGSIZE, WsaError.WSAEAFNOSUPPORT, WsaError.WSAEPROTONOSUPPORT,
                WsaError.WSAHOST_NOT_FOUND, WsaError.WSAEADDRNOTAVAIL, WsaError.WSAEDESTADDRREQ}) {
            TABLE.put(e, HttpStatus.BAD_REQUEST);
        }
        TABLE.put(WsaError.WSAEACCES, HttpStatus.FORBIDDEN);
        TABLE.put(WsaError.WSAENOTSOCK, HttpStatus.NOT_FOUND);
        TABLE.put(WsaError.WSA_INVALID_HANDLE, HttpStatus.NOT_FOUND);
        TABLE.put(WsaError.WSAEWOULDBLOCK, HttpStatus.TOO_MANY_REQUESTS);
        TABLE.put(WsaError.WSAENOBUFS, HttpStatus.SERVICE_UNAVAILABLE);
        TABLE.put(WsaError.WSAEMFILE, HttpStatus.SERVICE_UNAVAILABLE);
        TABLE.put(WsaError.WSANOTINITIALISED, HttpStatus.SERVICE_UNAVAILABLE);
        TABLE.put(WsaError.WSASYSNOTREADY, HttpStatus.SERVICE_UNAVAILABLE);
        TABLE.put(WsaError.WSAETIMEDOUT, HttpStatus.GATEWAY_TIMEOUT);
        for (WsaError e : new WsaError[] {WsaError.WSAECONNREFUSED, WsaError.WSAENETUNREACH,
                WsaError.WSAEHOSTUNREACH, WsaError.WSAEHOSTDOWN, WsaError.WSAENETDOWN}) {
            TABLE.put(e, HttpStatus.BAD_GATEWAY);
        }
    }

    private WsaHttpStatus() {
    }

    /** A failure of the socket's own state (reset, shut down, not connected...) is a 409 conflict. */
    static HttpStatus of(WsaError error) {
        return TABLE.getOrDefault(error, HttpStatus.CONFLICT);
    }
}
