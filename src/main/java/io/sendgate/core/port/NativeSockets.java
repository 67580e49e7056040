package io.sendgate.core.port;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The port to the platform's sockets: libc on Linux, ws2_32 on Windows. Every failure is a
 * {@code WsaException} carrying the Winsock code a Windows program would see (C31).
 */
public interface NativeSockets extends AutoCloseable {
    /** A short name for the health endpoint, such as {@code posix-epoll}. */
    String name();

    /** False when the native layer failed to start: then every call fails with WSANOTINITIALISED (C30). */
    default boolean available() {
        return true;
    }

    /** What the health endpoint shows of the driver's state. */
    default java.util.Map<String, Object> details() {
        return java.util.Map.of();
    }

    /** A stream socket connected to {@code remote} (C1); blocks until connected or failed. */
    NativeSocket connectStream(InetSocketAddress remote, SocketOptions options, Duration timeout);

    /** A stream socket that was created but never connected (for C27). */
    NativeSocket unconnectedStream(boolean ipv6, SocketOptions options);

    /** A datagram socket whose default peer is {@code remote} (C2), or none when null. */
    NativeSocket datagram(InetSocketAddress remote, boolean ipv6, SocketOptions options);

    NativeListener listen(InetSocketAddress local, int backlog);

    /** Native memory for a send's buffers; the caller closes it. */
    NativeMemory allocate(long bytes);

    /** Stops the driver's threads and releases its resources; sockets must be closed before. */
    @Override
    void close();
}
