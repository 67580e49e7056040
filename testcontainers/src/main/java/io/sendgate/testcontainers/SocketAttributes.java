package io.sendgate.testcontainers;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes of a socket the service opens or accepts; only those set here are sent, the rest keep the
 * service's defaults (overlapped, blocking, no timeouts, no capture). Immutable: each {@code with...} returns a
 * copy.
 *
 * <pre>{@code
 * SocketAttributes.defaults().withCapture(true).withNoDelay(true)
 * }</pre>
 */
public final class SocketAttributes {
    private static final SocketAttributes DEFAULTS = new SocketAttributes(Map.of());

    private final Map<String, Object> values;

    private SocketAttributes(Map<String, Object> values) {
        this.values = values;
    }

    /** Nothing set: the service's defaults. */
    public static SocketAttributes defaults() {
        return DEFAULTS;
    }

    /** The service receives continuously into the socket's capture buffer, read with received and expect. */
    public SocketAttributes withCapture(boolean capture) {
        return with("capture", capture);
    }

    /** Created for overlapped I/O (the service's default); false for blocking or non-blocking calls. */
    public SocketAttributes withOverlapped(boolean overlapped) {
        return with("overlapped", overlapped);
    }

    /** FIONBIO for non-overlapped calls. */
    public SocketAttributes withNonBlocking(boolean nonBlocking) {
        return with("nonBlocking", nonBlocking);
    }

    /** SO_SNDTIMEO, for blocking sends. */
    public SocketAttributes withSendTimeout(Duration timeout) {
        return with("sendTimeoutMs", timeout.toMillis());
    }

    /** SO_RCVTIMEO, for blocking receives. */
    public SocketAttributes withReceiveTimeout(Duration timeout) {
        return with("receiveTimeoutMs", timeout.toMillis());
    }

    /** SO_SNDBUF. */
    public SocketAttributes withSendBufferBytes(int bytes) {
        return with("sendBufferBytes", bytes);
    }

    /** TCP_NODELAY. */
    public SocketAttributes withNoDelay(boolean noDelay) {
        return with("noDelay", noDelay);
    }

    /** SO_KEEPALIVE. */
    public SocketAttributes withKeepAlive(boolean keepAlive) {
        return with("keepAlive", keepAlive);
    }

    /** The attributes set, by their name in the API. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    private SocketAttributes with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new SocketAttributes(copy);
    }

    @Override
    public String toString() {
        return "SocketAttributes" + values;
    }
}
