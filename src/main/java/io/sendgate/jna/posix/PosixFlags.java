package io.sendgate.jna.posix;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;

import java.util.Set;

/** WSASend's and WSARecv's flags as sendmsg's and recvmsg's: translated one by one, never passed through as numbers (C10). */
final class PosixFlags {
    static final int MSG_OOB = 0x1;
    static final int MSG_PEEK = 0x2;
    static final int MSG_DONTROUTE = 0x4;
    /** recvmsg's msg_flags: the datagram was longer than the buffers. */
    static final int MSG_TRUNC = 0x20;

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

    /**
     * recvmsg's flags for a receive. MSG_WAITALL is not passed: on a non-blocking descriptor it would not
     * wait, so the receive itself keeps reading until its buffers are full.
     */
    static int ofReceive(Set<ReceiveFlag> flags) {
        int out = 0;
        for (ReceiveFlag f : flags) {
            out |= switch (f) {
                case MSG_OOB -> MSG_OOB;
                case MSG_PEEK -> MSG_PEEK;
                case MSG_WAITALL -> 0;
            };
        }
        return out;
    }
}
