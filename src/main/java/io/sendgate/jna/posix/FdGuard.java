package io.sendgate.jna.posix;

/**
 * Closes a descriptor only when no call on it is in flight, so a blocking wait (poll on a listener)
 * never runs on a descriptor number that was closed and reused meanwhile.
 */
final class FdGuard {
    private final LibC libc;
    private final int fd;
    private int users;
    private boolean closing;

    FdGuard(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** @return false once the descriptor is being closed */
    synchronized boolean enter() {
        if (closing) {
            return false;
        }
        users++;
        return true;
    }

    synchronized void exit() {
        if (--users == 0 && closing) {
            libc.close(fd);
        }
    }

    synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (users == 0) {
            libc.close(fd);
        }
    }
}
