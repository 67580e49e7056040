package io.sendgate.core.port;

import java.time.Duration;

/** A bound, listening stream socket. */
public interface NativeListener {
    Endpoint local();

    /**
     * Waits up to {@code timeout} for one incoming connection.
     *
     * @return the accepted socket, or null when none came in time
     */
    NativeSocket accept(Duration timeout, SocketOptions options);

    /** Closes the listener; an accept waiting on it fails with WSAEINTR. */
    void close();
}
