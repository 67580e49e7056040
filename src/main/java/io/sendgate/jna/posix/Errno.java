package io.sendgate.jna.posix;

import io.sendgate.core.WsaError;

import java.util.Map;

/**
 * Linux errno values (x86-64 and AArch64 share them) and the one table that maps them to the Winsock
 * code a Windows program would see (C31). Where Linux says one thing for several Windows outcomes, the
 * socket's own state decides: see {@link #toWsa(int, Facts)}.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ENOTSOCK = 88;
    public static final int EDESTADDRREQ = 89;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int ENETRESET = 102;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ESHUTDOWN = 108;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTDOWN = 112;
    public static final int EHOSTUNREACH = 113;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;

    /** The call that failed: WSASend and WSARecv report some errors differently from the other calls. */
    public enum Call { SEND, RECEIVE, OTHER }

    /**
     * What the driver knows of a socket when one of its calls fails.
     *
     * @param keepAliveIdle SO_KEEPALIVE is on and the failure came before the send moved any byte: the
     *                      connection died while idle, which only keep-alive probes detect
     */
    public record Facts(boolean datagram, boolean sendShutByUs, boolean peerReset, boolean everConnected, Call call,
                        boolean keepAliveIdle) {
        public static final Facts STREAM_CONNECTED = new Facts(false, false, false, true);

        public Facts(boolean datagram, boolean sendShutByUs, boolean peerReset, boolean everConnected) {
            this(datagram, sendShutByUs, peerReset, everConnected, Call.OTHER, false);
        }

        public Facts withNeverConnected() {
            return new Facts(datagram, sendShutByUs, peerReset, false, call, keepAliveIdle);
        }

        /** The same socket, as seen by a receive. */
        public Facts receiving() {
            return new Facts(datagram, sendShutByUs, peerReset, everConnected, Call.RECEIVE, keepAliveIdle);
        }

        /** The same socket, as seen by a send; {@code keepAliveIdle} as above. */
        public Facts sending(boolean keepAliveIdle) {
            return new Facts(datagram, sendShutByUs, peerReset, everConnected, Call.SEND, keepAliveIdle);
        }
    }

    /** The rows that do not depend on the socket's state. */
    private static final Map<Integer, WsaError> PLAIN = Map.ofEntries(
            Map.entry(EPERM, WsaError.WSAEACCES),
            Map.entry(EINTR, WsaError.WSAEINTR),
            Map.entry(EBADF, WsaError.WSAENOTSOCK),
            Map.entry(EAGAIN, WsaError.WSAEWOULDBLOCK),
            Map.entry(ENOMEM, WsaError.WSAENOBUFS),
            Map.entry(EACCES, WsaError.WSAEACCES),
            Map.entry(EFAULT, WsaError.WSAEFAULT),
            Map.entry(EINVAL, WsaError.WSAEINVAL),
            Map.entry(ENFILE, WsaError.WSAEMFILE),
            Map.entry(EMFILE, WsaError.WSAEMFILE),
            Map.entry(ENOTSOCK, WsaError.WSAENOTSOCK),
            Map.entry(EMSGSIZE, WsaError.WSAEMSGSIZE),
            Map.entry(EPROTONOSUPPORT, WsaError.WSAEPROTONOSUPPORT),
            Map.entry(EOPNOTSUPP, WsaError.WSAEOPNOTSUPP),
            Map.entry(EAFNOSUPPORT, WsaError.WSAEAFNOSUPPORT),
            Map.entry(EADDRINUSE, WsaError.WSAEADDRINUSE),
            Map.entry(EADDRNOTAVAIL, WsaError.WSAEADDRNOTAVAIL),
            Map.entry(ENETDOWN, WsaError.WSAENETDOWN),
            Map.entry(ENETUNREACH, WsaError.WSAENETUNREACH),
            Map.entry(ENETRESET, WsaError.WSAENETRESET),
            Map.entry(ECONNABORTED, WsaError.WSAECONNABORTED),
            Map.entry(ECONNRESET, WsaError.WSAECONNRESET),
            Map.entry(ENOBUFS, WsaError.WSAENOBUFS),
            Map.entry(EISCONN, WsaError.WSAEISCONN),
            Map.entry(ENOTCONN, WsaError.WSAENOTCONN),
            Map.entry(ESHUTDOWN, WsaError.WSAESHUTDOWN),
            Map.entry(EHOSTDOWN, WsaError.WSAEHOSTDOWN),
            Map.entry(EHOSTUNREACH, WsaError.WSAEHOSTUNREACH),
            Map.entry(EALREADY, WsaError.WSAEALREADY),
            Map.entry(EINPROGRESS, WsaError.WSAEINPROGRESS));

    private Errno() {
    }

    /**
     * The Winsock code for {@code errno} on a socket in the state {@code facts} describes.
     * <ul>
     * <li>EPIPE: after our own SD_SEND it is WSAESHUTDOWN; on a stream that was never connected
     * WSAENOTCONN; otherwise the connection was reset (Linux answers ECONNRESET once, EPIPE after).</li>
     * <li>ECONNREFUSED: on a datagram socket an earlier send drew an ICMP port-unreachable, which
     * Winsock reports as WSAECONNRESET (C26); on a stream socket it is a refused connect.</li>
     * <li>EDESTADDRREQ: WSASend on a datagram socket with no default peer is WSAENOTCONN on Windows.</li>
     * <li>ETIMEDOUT: WSASend never answers WSAETIMEDOUT. A stream whose retransmissions timed out is
     * WSAECONNABORTED ("terminated due to a time-out"); one that keep-alive probes found dead while it was
     * idle is WSAENETRESET. A receive sees the same connection die as WSAECONNABORTED. Other calls
     * (connect) keep WSAETIMEDOUT.</li>
     * <li>EPERM: a packet filter refused it; Windows says WSAEACCES.</li>
     * <li>Anything else unknown is WSASYSCALLFAILURE, with the errno kept in the message.</li>
     * </ul>
     */
    public static WsaError toWsa(int errno, Facts facts) {
        switch (errno) {
            case EPIPE:
                if (facts.sendShutByUs()) {
                    return WsaError.WSAESHUTDOWN;
                }
                if (!facts.everConnected() && !facts.peerReset()) {
                    return WsaError.WSAENOTCONN;
                }
                return WsaError.WSAECONNRESET;
            case ECONNREFUSED:
                return facts.datagram() ? WsaError.WSAECONNRESET : WsaError.WSAECONNREFUSED;
            case EDESTADDRREQ:
                return WsaError.WSAENOTCONN;
            case ETIMEDOUT:
                if (facts.call() == Call.SEND && !facts.datagram()) {
                    return facts.keepAliveIdle() ? WsaError.WSAENETRESET : WsaError.WSAECONNABORTED;
                }
                if (facts.call() == Call.RECEIVE && !facts.datagram()) {
                    return WsaError.WSAECONNABORTED;
                }
                return WsaError.WSAETIMEDOUT;
            default:
                return PLAIN.getOrDefault(errno, WsaError.WSASYSCALLFAILURE);
        }
    }

    /** Every errno the table names, state-dependent rows included: the rows of the table. */
    public static java.util.Set<Integer> known() {
        java.util.Set<Integer> all = new java.util.TreeSet<>(PLAIN.keySet());
        all.add(EPIPE);
        all.add(ECONNREFUSED);
        all.add(EDESTADDRREQ);
        all.add(ETIMEDOUT);
        return all;
    }
}
