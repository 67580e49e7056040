package io.sendgate.core.port;

import java.net.InetAddress;

/** An address and port as the native layer reports them (getsockname, getpeername). */
public record Endpoint(InetAddress address, int port) {
    public String host() {
        return address.getHostAddress();
    }
}
