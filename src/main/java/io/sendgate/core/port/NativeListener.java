package io.sendgate.core.port;

/**
 * A bound, listening stream socket. Nothing here blocks: the core asks to hear when a connection
 * waits ({@link #whenAcceptable}) and then takes it ({@link #acceptNow}), so no thread of the service
 * sits in accept however many callers wait.
 */
public interface NativeListener {
    Endpoint local();

    /**
     * accept() without waiting.
     *
     * @return the next connection the kernel holds, with {@code options} applied, or null when none waits
     */
    NativeSocket acceptNow(SocketOptions options);

    /**
     * Calls {@code ready} once, on the driver's thread and never from inside this call, when a connection
     * waits, when the listener failed, or when it is closed; the caller then tries {@link #acceptNow} and
     * asks again if it wants more.
     */
    void whenAcceptable(Runnable ready);

    /** Closes the listener; a pending {@link #whenAcceptable} is called so that its waiters hear of it. */
    void close();
}
