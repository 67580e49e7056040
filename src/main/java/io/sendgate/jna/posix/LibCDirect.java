package io.sendgate.jna.posix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The calls on the send and receive paths, bound by JNA's direct mapping (no proxy, no argument conversion):
 * every send, every receive and every wake-up of the epoll thread goes through here.
 */
final class LibCDirect {
    static {
        Native.register(LibCDirect.class, "c");
    }

    private LibCDirect() {
    }

    static void load() {
        // Running the static initialiser is the point: a missing libc fails the driver's probe, not a send.
    }

    /** {@code ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags);} */
    static native long sendmsg(int sockfd, Pointer msg, int flags);

    /** {@code ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags);} */
    static native long recvmsg(int sockfd, Pointer msg, int flags);

    /** {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);} */
    static native int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);
}
