package io.sendgate.jna.winsock;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/**
 * The calls of Windows Sockets 2 ({@code ws2_32.dll}) off the send and receive paths (interface mapping). A SOCKET
 * is a UINT_PTR, mapped to {@code long}: the driver runs on 64-bit Windows only. Constants carry the
 * values of {@code winsock2.h}, {@code ws2def.h} and {@code mswsock.h}.
 */
public interface Ws2_32 extends Library {
    long INVALID_SOCKET = -1L;
    int SOCKET_ERROR = -1;

    int AF_INET = 2;
    int AF_INET6 = 23;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int IPPROTO_TCP = 6;
    int IPPROTO_UDP = 17;
    int WSA_FLAG_OVERLAPPED = 0x01;
    int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;

    int SOL_SOCKET = 0xffff;
    int SO_KEEPALIVE = 0x0008;
    int SO_LINGER = 0x0080;
    /** {@code ((int) (~SO_REUSEADDR))} */
    int SO_EXCLUSIVEADDRUSE = ~0x0004;
    int SO_SNDBUF = 0x1001;
    int SO_ERROR = 0x1007;
    int SO_MAX_MSG_SIZE = 0x2003;
    int TCP_NODELAY = 0x0001;

    /** {@code _IOW('f', 126, u_long)}. */
    int FIONBIO = 0x8004667E;
    /** {@code _WSAIO(IOC_WS2, 4)}: discards the send queue; the core's SIO_FLUSH keeps the started send. */
    int SIO_FLUSH = 0x28000004;

    int SD_RECEIVE = 0;
    int SD_SEND = 1;
    int SD_BOTH = 2;

    int MSG_OOB = 0x1;
    int MSG_PEEK = 0x2;
    int MSG_DONTROUTE = 0x4;
    int MSG_WAITALL = 0x8;
    int MSG_PARTIAL = 0x8000;

    int WSA_IO_PENDING = 997;
    /** WSAGetOverlappedResult without waiting, on an operation not completed yet. */
    int WSA_IO_INCOMPLETE = 996;
    int WSAEMSGSIZE = 10040;
    int WSAEWOULDBLOCK = 10035;
    int WSAECONNRESET = 10054;
    int WSAENOTSOCK = 10038;

    /** {@code int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);} */
    int WSAStartup(short wVersionRequested, Pointer lpWSAData);

    /** {@code int WSACleanup(void);} */
    int WSACleanup();

    /** {@code int WSAGetLastError(void);} */
    int WSAGetLastError();

    /**
     * {@code SOCKET WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g,
     * DWORD dwFlags);}
     */
    long WSASocketW(int af, int type, int protocol, Pointer lpProtocolInfo, int g, int dwFlags);

    /** {@code int connect(SOCKET s, const sockaddr *name, int namelen);} */
    int connect(long s, Structure name, int namelen);

    /** {@code int bind(SOCKET s, const sockaddr *name, int namelen);} */
    int bind(long s, Structure name, int namelen);

    /** {@code int listen(SOCKET s, int backlog);} */
    int listen(long s, int backlog);

    /** {@code SOCKET accept(SOCKET s, sockaddr *addr, int *addrlen);} */
    long accept(long s, Pointer addr, IntByReference addrlen);

    /** {@code int shutdown(SOCKET s, int how);} */
    int shutdown(long s, int how);

    /** {@code int closesocket(SOCKET s);} */
    int closesocket(long s);

    /** {@code int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen);} */
    int setsockopt(long s, int level, int optname, IntByReference optval, int optlen);

    /** {@code int setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen);} */
    int setsockopt(long s, int level, int optname, Pointer optval, int optlen);

    /** {@code int getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen);} */
    int getsockopt(long s, int level, int optname, IntByReference optval, IntByReference optlen);

    /** {@code int getsockname(SOCKET s, sockaddr *name, int *namelen);} */
    int getsockname(long s, Pointer name, IntByReference namelen);

    /** {@code int getpeername(SOCKET s, sockaddr *name, int *namelen);} */
    int getpeername(long s, Pointer name, IntByReference namelen);

    /** {@code int ioctlsocket(SOCKET s, long cmd, u_long *argp);} */
    int ioctlsocket(long s, int cmd, IntByReference argp);

    /**
     * {@code int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, const timeval *timeout);}
     * Used rather than WSAPoll, which before Windows 10 2004 does not report a failed connect.
     */
    int select(int nfds, Pointer readfds, Pointer writefds, Pointer exceptfds, Pointer timeout);

    /**
     * {@code BOOL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer,
     * BOOL fWait, LPDWORD lpdwFlags);}
     */
    boolean WSAGetOverlappedResult(long s, Pointer lpOverlapped, IntByReference lpcbTransfer, boolean fWait,
                                   IntByReference lpdwFlags);
}
