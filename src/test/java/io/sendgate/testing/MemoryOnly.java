package io.sendgate.testing;

import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.JnaMemory;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Capturing a send only allocates native memory; it never opens a socket, so the rest of the port throws. */
public final class MemoryOnly implements NativeSockets {
    public static final NativeSockets SOCKETS = new MemoryOnly();

    private MemoryOnly() {
    }

    @Override
    public String name() {
        return "memory-only";
    }

    @Override
    public NativeMemory allocate(long bytes) {
        return new JnaMemory(bytes);
    }

    @Override
    public CompletableFuture<NativeSocket> connectStream(InetSocketAddress remote, SocketOptions options) {
        throw new UnsupportedOperationException("only allocate is needed");
    }

    @Override
    public NativeSocket unconnectedStream(boolean ipv6, SocketOptions options) {
        throw new UnsupportedOperationException("only allocate is needed");
    }

    @Override
    public NativeSocket datagram(InetSocketAddress remote, boolean ipv6, SocketOptions options) {
        throw new UnsupportedOperationException("only allocate is needed");
    }

    @Override
    public NativeListener listen(InetSocketAddress local, int backlog) {
        throw new UnsupportedOperationException("only allocate is needed");
    }

    @Override
    public void close() {
    }
}
