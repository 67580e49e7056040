package io.sendgate.core;

/**
 * Whether the service still takes work (C23). From the moment stopping begins, opens, sends, accepts and
 * new waits are refused with WSANOTINITIALISED, as calls after WSACleanup are.
 */
public final class ServiceGate {
    private volatile boolean stopping;

    public void refuseWhenStopping() {
        if (stopping) {
            throw stoppingFailure();
        }
    }

    public boolean stopping() {
        return stopping;
    }

    public void stop() {
        stopping = true;
    }

    public void reopen() {
        stopping = false;
    }

    static WsaException stoppingFailure() {
        return new WsaException(WsaError.WSANOTINITIALISED, "The service is stopping");
    }
}
