package io.sendgate.jna.posix;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/**
 * The socket calls of Linux's libc that are not on the send path (interface mapping). Constants carry
 * the values of the Linux headers for x86-64 and AArch64, the two architectures the driver accepts.
 * Every call returns -1 and sets errno on failure; read it with {@code Native.getLastError()}.
 */
public interface LibC extends Library {
    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int IPPROTO_TCP = 6;
    int IPPROTO_UDP = 17;

    int SOL_SOCKET = 1;
    int SO_REUSEADDR = 2;
    int SO_ERROR = 4;
    int SO_SNDBUF = 7;
    int SO_KEEPALIVE = 9;
    int SO_LINGER = 13;
    int TCP_NODELAY = 1;

    int SHUT_RD = 0;
    int SHUT_WR = 1;
    int SHUT_RDWR = 2;

    int F_GETFL = 3;
    int O_NONBLOCK = 0x800;

    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    /** The peer shut its sending side (its FIN came): nothing more will arrive. */
    short POLLRDHUP = 0x2000;

    int EPOLL_CLOEXEC = 0x80000;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CTL_DEL = 2;
    int EPOLL_CTL_MOD = 3;
    int EPOLLIN = 0x1;
    /** Urgent (out-of-band) data is there to read. */
    int EPOLLPRI = 0x2;
    int EPOLLOUT = 0x4;
    int EPOLLERR = 0x8;
    int EPOLLHUP = 0x10;
    /** As POLLRDHUP; unlike EPOLLHUP, only reported when asked for. */
    int EPOLLRDHUP = 0x2000;
    int EPOLLONESHOT = 1 << 30;

    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;

    /** {@code int socket(int domain, int type, int protocol);} */
    int socket(int domain, int type, int protocol);

    /** {@code int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    int connect(int sockfd, Structure addr, int addrlen);

    /** {@code int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);} */
    int bind(int sockfd, Structure addr, int addrlen);

    /** {@code int listen(int sockfd, int backlog);} */
    int listen(int sockfd, int backlog);

    /** {@code int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);} */
    int accept4(int sockfd, Pointer addr, IntByReference addrlen, int flags);

    /** {@code int shutdown(int sockfd, int how);} */
    int shutdown(int sockfd, int how);

    /** {@code int close(int fd);} */
    int close(int fd);

    /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} */
    int setsockopt(int sockfd, int level, int optname, IntByReference optval, int optlen);

    /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} */
    int setsockopt(int sockfd, int level, int optname, Pointer optval, int optlen);

    /** {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);} */
    int getsockopt(int sockfd, int level, int optname, IntByReference optval, IntByReference optlen);

    /** {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} */
    int getsockname(int sockfd, Pointer addr, IntByReference addrlen);

    /** {@code int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} */
    int getpeername(int sockfd, Pointer addr, IntByReference addrlen);

    /** {@code int fcntl(int fd, int cmd, ... /* arg *\/ );} */
    int fcntl(int fd, int cmd, int arg);

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} */
    int poll(PollFd fds, long nfds, int timeout);

    /** {@code int epoll_create1(int flags);} */
    int epoll_create1(int flags);

    /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);} */
    int epoll_ctl(int epfd, int op, int fd, EpollEvent event);

    /** {@code int eventfd(unsigned int initval, int flags);} */
    int eventfd(int initval, int flags);

    /** {@code ssize_t write(int fd, const void *buf, size_t count);} */
    long write(int fd, Pointer buf, long count);

    /** {@code ssize_t read(int fd, void *buf, size_t count);} */
    long read(int fd, Pointer buf, long count);

    /** {@code int posix_memalign(void **memptr, size_t alignment, size_t size);} */
    int posix_memalign(com.sun.jna.ptr.PointerByReference memptr, long alignment, long size);

    /** {@code int madvise(void *addr, size_t length, int advice);} */
    int madvise(Pointer addr, long length, int advice);

    /** {@code void free(void *ptr);} */
    void free(Pointer ptr);

    /** {@code char *strerror(int errnum);} */
    String strerror(int errnum);
}
