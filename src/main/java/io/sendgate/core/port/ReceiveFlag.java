package io.sendgate.core.port;

import java.util.Optional;
import java.util.Set;

/**
 * WSARecv's {@code lpFlags} on input, with their {@code winsock2.h} values. The one table of receive
 * flags; each driver translates them explicitly, and {@link #check} holds the rules that apply on every
 * platform (C41, C43).
 */
public enum ReceiveFlag {
    /** Urgent data, stream sockets only; read apart from the normal stream (SO_OOBINLINE off). */
    MSG_OOB(0x1),
    /** Copy the data into the buffers without removing it: the next receive sees the same bytes. */
    MSG_PEEK(0x2),
    /** Complete only when every buffer is full, or the stream ended or failed. */
    MSG_WAITALL(0x8);

    private final int winsockValue;

    ReceiveFlag(int winsockValue) {
        this.winsockValue = winsockValue;
    }

    public int winsockValue() {
        return winsockValue;
    }

    /**
     * What Winsock refuses with WSAEOPNOTSUPP: MSG_OOB on a datagram socket (C43); MSG_WAITALL on a
     * datagram socket, or with MSG_OOB or MSG_PEEK.
     */
    public static Optional<String> check(SocketKind kind, Set<ReceiveFlag> flags) {
        if (flags.contains(MSG_OOB) && !kind.isStream()) {
            return Optional.of("MSG_OOB needs a stream socket; this socket is " + kind);
        }
        if (flags.contains(MSG_WAITALL)) {
            if (!kind.isStream()) {
                return Optional.of("MSG_WAITALL is not supported on a datagram socket");
            }
            if (flags.contains(MSG_OOB) || flags.contains(MSG_PEEK)) {
                return Optional.of("MSG_WAITALL cannot be combined with MSG_OOB or MSG_PEEK");
            }
        }
        return Optional.empty();
    }
}
