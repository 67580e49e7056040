package io.sendgate.jna.posix;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.SendFlag;

import java.util.Set;

/** WSASend's flags as sendmsg's: translated one by one, never passed through as numbers (C10). */
final class PosixFlags {
    static final int MSG_OOB = 0x1;
    static final int MSG_DONTROUTE = 0x4;

    private PosixFlags() {
    }

    static int of(Set<SendFlag> flags) {
        int out = 0;
        for (SendFlag f : flags) {
            out |= switch (f) {
                case MSG_OOB -> MSG_OOB;
                case MSG_DONTROUTE -> MSG_DONTROUTE;
                case MSG_PARTIAL -> throw new WsaException(WsaError.WSAEOPNOTSUPP,
                        "MSG_PARTIAL has no counterpart on TCP or UDP sockets");
            };
        }
        return out;
    }
}
