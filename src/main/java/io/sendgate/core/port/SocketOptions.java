package io.sendgate.core.port;

/**
 * The native socket options set at open (C4). A null field leaves the system default in place.
 *
 * @param sendBufferBytes SO_SNDBUF
 * @param noDelay         TCP_NODELAY (stream sockets)
 * @param keepAlive       SO_KEEPALIVE (stream sockets)
 */
public record SocketOptions(Integer sendBufferBytes, Boolean noDelay, Boolean keepAlive) {
    public static final SocketOptions DEFAULTS = new SocketOptions(null, null, null);
}
