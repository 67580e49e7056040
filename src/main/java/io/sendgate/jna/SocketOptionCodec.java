package io.sendgate.jna;

import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

/**
 * Setting and reading back the options of C4 (SO_SNDBUF, TCP_NODELAY, SO_KEEPALIVE), the same way on
 * both platforms: only the constants and the call that reaches the socket differ.
 */
public final class SocketOptionCodec {
    /** The platform's values for the option levels and names. */
    public record Names(int solSocket, int soSndbuf, int soKeepalive, int ipprotoTcp, int tcpNodelay) {
    }

    /** getsockopt/setsockopt on one socket, for int-valued options. */
    public interface Access {
        /** @return the value, or null when the call failed */
        Integer get(int level, int name);

        /** @throws io.sendgate.core.WsaException when the call failed */
        void set(int level, int name, int value, String what);
    }

    private final Names names;

    public SocketOptionCodec(Names names) {
        this.names = names;
    }

    /** Options that have no meaning for datagram sockets are left alone there. */
    public void apply(Access socket, SocketKind kind, SocketOptions options) {
        if (options.sendBufferBytes() != null) {
            socket.set(names.solSocket(), names.soSndbuf(), options.sendBufferBytes(), "SO_SNDBUF");
        }
        if (kind.isStream() && options.noDelay() != null) {
            socket.set(names.ipprotoTcp(), names.tcpNodelay(), options.noDelay() ? 1 : 0, "TCP_NODELAY");
        }
        if (kind.isStream() && options.keepAlive() != null) {
            socket.set(names.solSocket(), names.soKeepalive(), options.keepAlive() ? 1 : 0, "SO_KEEPALIVE");
        }
    }

    public SocketOptions read(Access socket, SocketKind kind) {
        Integer sndbuf = socket.get(names.solSocket(), names.soSndbuf());
        if (!kind.isStream()) {
            return new SocketOptions(sndbuf, null, null);
        }
        Integer noDelay = socket.get(names.ipprotoTcp(), names.tcpNodelay());
        Integer keepAlive = socket.get(names.solSocket(), names.soKeepalive());
        return new SocketOptions(sndbuf, noDelay == null ? null : noDelay != 0, keepAlive == null ? null : keepAlive != 0);
    }
}
