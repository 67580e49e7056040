package io.sendgate.core.port;

/** The socket types sendgate opens: SOCK_STREAM over TCP and SOCK_DGRAM over UDP. */
public enum SocketKind {
    TCP,
    UDP;

    public boolean isStream() {
        return this == TCP;
    }
}
