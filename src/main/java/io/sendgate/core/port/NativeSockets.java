package io.sendgate.core.port;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The port to the platform's sockets: libc on Linux, ws2_32 on Windows. Every failure is a
 * {@code WsaException} carrying the Winsock code a Windows program would see (C31).
 */
public interface NativeSockets extends AutoCloseable {
    /** A short name for the health endpoint, such as {@code posix-epoll}. */
    String name();

    /**
     * False when the native layer failed to start, or its completion thread stopped: then every call
     * fails with WSANOTINITIALISED (C30) or, for sends already started, WSAENETDOWN.
     */
    default boolean available() {
        return true;
    }

    /** What the health endpoint shows of the driver's state. */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** Native memory the driver's buffers hold now, in bytes: those of operations not yet freed (metrics). */
    default long liveBufferBytes() {
        return 0;
    }

    /** Native memory the driver keeps for reuse after operations ended, in bytes (metrics). */
    default long cachedBufferBytes() {
        return 0;
    }

    /**
     * Starts connecting a stream socket to {@code remote} (C1) without waiting for the handshake. The
     * future ends with the connected socket or a {@code WsaException}. Cancelling it (the caller's
     * timeout) abandons the attempt: the driver closes the descriptor, also when the connection
     * completes in the same instant.
     */
    CompletableFuture<NativeSocket> connectStream(InetSocketAddress remote, SocketOptions options);

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
