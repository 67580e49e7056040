package io.sendgate.jna.winsock;

import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;

import java.util.Set;
import java.util.function.ToIntFunction;

/** WSASend's and WSARecv's flags, named one by one: the same values, but never passed through as numbers (C10). */
final class WinsockFlags {
    private WinsockFlags() {
    }

    static int of(Set<SendFlag> flags) {
        return combined(flags, f -> switch (f) {
            case MSG_OOB -> Ws2_32.MSG_OOB;
            case MSG_DONTROUTE -> Ws2_32.MSG_DONTROUTE;
            case MSG_PARTIAL -> Ws2_32.MSG_PARTIAL;
        });
    }

    static int ofReceive(Set<ReceiveFlag> flags) {
        return combined(flags, f -> switch (f) {
            case MSG_OOB -> Ws2_32.MSG_OOB;
            case MSG_PEEK -> Ws2_32.MSG_PEEK;
            case MSG_WAITALL -> Ws2_32.MSG_WAITALL;
        });
    }

    private static <F> int combined(Set<F> flags, ToIntFunction<F> header) {
        int out = 0;
        for (F f : flags) {
            out |= header.applyAsInt(f);
        }
        return out;
    }
}
