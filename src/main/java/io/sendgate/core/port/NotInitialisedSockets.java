package io.sendgate.core.port;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The native layer that failed to start (C30): every call fails with WSANOTINITIALISED and the health
 * endpoint shows why, so the service still answers instead of refusing to boot.
 */
public final class NotInitialisedSockets implements NativeSockets {
    private final String name;
    private final String cause;

    public NotInitialisedSockets(String name, Throwable cause) {
        this.name = name;
        this.cause = String.valueOf(cause.getMessage());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("cause", cause);
    }

    private WsaException notInitialised() {
        return new WsaException(WsaError.WSANOTINITIALISED, "The native driver '" + name + "' did not start: " + cause);
    }

    @Override
    public CompletableFuture<NativeSocket> connectStream(InetSocketAddress remote, SocketOptions options) {
        throw notInitialised();
    }

    @Override
    public NativeSocket unconnectedStream(boolean ipv6, SocketOptions options) {
        throw notInitialised();
    }

    @Override
    public NativeSocket datagram(InetSocketAddress remote, boolean ipv6, SocketOptions options) {
        throw notInitialised();
    }

    @Override
    public NativeListener listen(InetSocketAddress local, int backlog) {
        throw notInitialised();
    }

    @Override
    public NativeMemory allocate(long bytes) {
        throw notInitialised();
    }

    @Override
    public void close() {
        // nothing was started
    }
}
