package io.sendgate.jna.winsock;

import io.sendgate.core.port.SendFlag;

import java.util.Set;

/** WSASend's flags, named one by one: the same values, but never passed through as numbers (C10). */
final class WinsockFlags {
    private WinsockFlags() {
    }

    static int of(Set<SendFlag> flags) {
        int out = 0;
        for (SendFlag f : flags) {
            out |= switch (f) {
                case MSG_OOB -> Ws2_32.MSG_OOB;
                case MSG_DONTROUTE -> Ws2_32.MSG_DONTROUTE;
                case MSG_PARTIAL -> Ws2_32.MSG_PARTIAL;
            };
        }
        return out;
    }
}
