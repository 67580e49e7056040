package io.sendgate.core;

import io.sendgate.core.port.SocketOptions;

import java.time.Duration;

/**
 * A socket's attributes as set at open (C4).
 *
 * @param overlapped  created for overlapped I/O (WSA_FLAG_OVERLAPPED); sends may then be overlapped
 * @param nonBlocking FIONBIO: non-overlapped sends take what fits and never wait
 * @param sendTimeout    SO_SNDTIMEO for blocking sends; null waits as long as the service allows
 * @param receiveTimeout SO_RCVTIMEO for blocking receives; null waits as long as the service allows
 * @param capture        the service receives continuously into the socket's capture buffer (C44)
 * @param options        the native options (SO_SNDBUF, TCP_NODELAY, SO_KEEPALIVE)
 */
public record SocketAttributes(boolean overlapped, boolean nonBlocking, Duration sendTimeout, Duration receiveTimeout,
                               boolean capture, SocketOptions options) {
    public static final SocketAttributes DEFAULTS = new SocketAttributes(true, false, null, null, false, SocketOptions.DEFAULTS);
}
