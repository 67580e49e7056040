package io.sendgate.jna.winsock;

import com.sun.jna.Memory;

import java.time.Duration;

/**
 * Waiting on one socket with select(): {@code fd_set { u_int fd_count; SOCKET fd_array[64]; }} holds one
 * socket here (fd_array at 8 on x64), and {@code timeval { long tv_sec; long tv_usec; }} is 8 bytes
 * (a Windows long is 32 bits).
 */
final class Select {
    private Select() {
    }

    /** What select said of the socket. */
    enum Ready { NO, YES, FAILED }

    static Ready await(Ws2_32 ws2, long socket, boolean write, Duration timeout) {
        try (Memory set = oneSocket(socket); Memory errors = oneSocket(socket); Memory tv = new Memory(8)) {
            long ms = Math.max(0, timeout.toMillis());
            tv.setInt(0, (int) (ms / 1000));
            tv.setInt(4, (int) (ms % 1000) * 1000);
            int n = ws2.select(0, write ? null : set, write ? set : null, errors, tv);
            if (n < 0) {
                return Ready.FAILED;
            }
            if (errors.getInt(0) > 0) {
                return Ready.FAILED;
            }
            return set.getInt(0) > 0 ? Ready.YES : Ready.NO;
        }
    }

    private static Memory oneSocket(long socket) {
        Memory m = new Memory(16);
        m.setInt(0, 1);
        m.setInt(4, 0);
        m.setLong(8, socket);
        return m;
    }
}
