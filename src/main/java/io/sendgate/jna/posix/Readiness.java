package io.sendgate.jna.posix;

/** What the epoll thread calls for a descriptor it watches: a socket, a listener, a connect in progress. */
interface Readiness {
    /** The descriptor is ready (or failed, or hung up); runs on the epoll thread. */
    void onReady();

    /**
     * The epoll thread stopped for good (epoll_wait failed): nothing will wake this descriptor again,
     * so whatever waits on it must end now rather than stay pending forever.
     */
    void onLoopStopped();
}
