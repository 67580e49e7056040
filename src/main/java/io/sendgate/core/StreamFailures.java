package io.sendgate.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule for what a failed send leaves of a stream (C12, C25, C31). A code that says the
 * connection is gone breaks the stream with that code. Any other code (a transient shortage such as
 * WSAENOBUFS, a refused flag, a timeout) fails only that send when none of its bytes went out; once some
 * did, the peer has seen part of it, and the stream is broken with WSAECONNABORTED so that the peer never
 * sees part of one send followed by another.
 */
final class StreamFailures {
    private static final Set<WsaError> CONNECTION_GONE = EnumSet.of(
            WsaError.WSAECONNRESET, WsaError.WSAECONNABORTED, WsaError.WSAENETRESET, WsaError.WSAENETDOWN,
            WsaError.WSAENETUNREACH, WsaError.WSAEHOSTUNREACH, WsaError.WSAEHOSTDOWN, WsaError.WSAENOTCONN,
            WsaError.WSAESHUTDOWN, WsaError.WSAETIMEDOUT, WsaError.WSAENOTSOCK, WsaError.WSASYSCALLFAILURE);

    private StreamFailures() {
    }

    /**
     * @param error        why the send failed (WSAETIMEDOUT for a blocking send that ran out of time is a
     *                     timeout of the call, not of the connection: pass {@code connectionTimedOut} false)
     * @param bytesSent    how many of its bytes went out before it failed
     * @return the code the stream is broken with from now on, or null when it stays usable
     */
    static WsaError breaks(WsaError error, long bytesSent, boolean connectionTimedOut) {
        if (CONNECTION_GONE.contains(error) && (error != WsaError.WSAETIMEDOUT || connectionTimedOut)) {
            return error;
        }
        return bytesSent > 0 ? WsaError.WSAECONNABORTED : null;
    }
}
