package io.sendgate.core;

/**
 * The Winsock error codes sendgate reports, with the numbers of {@code winerror.h}/{@code winsock2.h}.
 * This is the one table of WSA names and numbers; every driver maps its platform's errors onto it.
 */
public enum WsaError {
    WSA_INVALID_HANDLE(6, "The operation handle is not valid"),
    WSA_OPERATION_ABORTED(995, "The overlapped operation has been canceled"),
    WSA_IO_INCOMPLETE(996, "Overlapped I/O event object not in signaled state"),
    WSA_IO_PENDING(997, "Overlapped operations will complete later"),
    WSAEINTR(10004, "A blocking operation was interrupted"),
    WSAEACCES(10013, "Permission denied"),
    WSAEFAULT(10014, "Bad address: a buffer description is not valid"),
    WSAEINVAL(10022, "Invalid argument"),
    WSAEMFILE(10024, "Too many open sockets"),
    WSAEWOULDBLOCK(10035, "Resource temporarily unavailable"),
    WSAEINPROGRESS(10036, "Operation now in progress"),
    WSAEALREADY(10037, "Operation already in progress"),
    WSAENOTSOCK(10038, "Socket operation on something that is not a socket"),
    WSAEDESTADDRREQ(10039, "Destination address required"),
    WSAEMSGSIZE(10040, "Message too long"),
    WSAEPROTONOSUPPORT(10043, "Protocol not supported"),
    WSAEOPNOTSUPP(10045, "Operation not supported"),
    WSAEAFNOSUPPORT(10047, "Address family not supported by protocol family"),
    WSAEADDRINUSE(10048, "Address already in use"),
    WSAEADDRNOTAVAIL(10049, "Cannot assign requested address"),
    WSAENETDOWN(10050, "Network is down"),
    WSAENETUNREACH(10051, "Network is unreachable"),
    WSAENETRESET(10052, "Network dropped connection on reset"),
    WSAECONNABORTED(10053, "Software caused connection abort"),
    WSAECONNRESET(10054, "Connection reset by peer"),
    WSAENOBUFS(10055, "No buffer space available"),
    WSAEISCONN(10056, "Socket is already connected"),
    WSAENOTCONN(10057, "Socket is not connected"),
    WSAESHUTDOWN(10058, "Cannot send after socket shutdown"),
    WSAETIMEDOUT(10060, "Connection timed out"),
    WSAECONNREFUSED(10061, "Connection refused"),
    WSAEHOSTDOWN(10064, "Host is down"),
    WSAEHOSTUNREACH(10065, "No route to host"),
    WSASYSNOTREADY(10091, "Network subsystem is unavailable"),
    WSANOTINITIALISED(10093, "Successful WSAStartup not yet performed"),
    WSAEDISCON(10101, "Graceful shutdown in progress"),
    WSASYSCALLFAILURE(10107, "System call failure"),
    WSAHOST_NOT_FOUND(11001, "Host not found");

    private final int code;
    private final String description;

    WsaError(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The error whose number is {@code code}, or null when sendgate does not know it. */
    public static WsaError ofCode(int code) {
        for (WsaError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
