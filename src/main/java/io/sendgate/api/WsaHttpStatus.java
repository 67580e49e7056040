package io.sendgate.api;

import io.sendgate.core.WsaError;
import org.springframework.http.HttpStatus;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The two tables between Winsock codes and HTTP statuses: the status of a problem detail with a given
 * code, and the default code of an error that arrives with only a status (from Tomcat or Spring).
 */
final class WsaHttpStatus {
    private static final Map<WsaError, HttpStatus> TABLE = new EnumMap<>(WsaError.class);
    private static final Map<Integer, WsaError> BY_STATUS = new HashMap<>();

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

        // A container-level 400 is a request that is not well-formed: an invalid argument. Bodies that
        // break off are WSAEFAULT where they are recognised (C29), not here.
        BY_STATUS.put(400, WsaError.WSAEINVAL);
        BY_STATUS.put(401, WsaError.WSAEACCES);
        BY_STATUS.put(403, WsaError.WSAEACCES);
        BY_STATUS.put(404, WsaError.WSAEOPNOTSUPP);
        BY_STATUS.put(405, WsaError.WSAEOPNOTSUPP);
        BY_STATUS.put(408, WsaError.WSAETIMEDOUT);
        BY_STATUS.put(413, WsaError.WSAENOBUFS);
        BY_STATUS.put(414, WsaError.WSAENOBUFS);
        BY_STATUS.put(429, WsaError.WSAEWOULDBLOCK);
        BY_STATUS.put(431, WsaError.WSAENOBUFS);
        BY_STATUS.put(501, WsaError.WSAEOPNOTSUPP);
        BY_STATUS.put(503, WsaError.WSASYSNOTREADY);
        BY_STATUS.put(504, WsaError.WSAETIMEDOUT);
        BY_STATUS.put(505, WsaError.WSAEOPNOTSUPP);
    }

    private WsaHttpStatus() {
    }

    /** A failure of the socket's own state (reset, shut down, not connected...) is a 409 conflict. */
    static HttpStatus of(WsaError error) {
        return TABLE.getOrDefault(error, HttpStatus.CONFLICT);
    }

    /** Any other client error is an invalid argument; any other server error a failure of the service itself. */
    static WsaError errorFor(int status) {
        WsaError error = BY_STATUS.get(status);
        if (error != null) {
            return error;
        }
        return status >= 500 ? WsaError.WSASYSCALLFAILURE : WsaError.WSAEINVAL;
    }
}
