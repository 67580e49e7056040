package io.sendgate.core.port;

/**
 * WSASend's {@code dwFlags}, with their {@code winsock2.h} values. This is the one table of send flags;
 * each driver translates them explicitly (never passing the number through), and {@link #check} holds
 * the rules of C10 that apply on every platform.
 */
public enum SendFlag {
    /** Urgent data, stream sockets only. */
    MSG_OOB(0x1),
    /** Do not route: send only to directly connected hosts. */
    MSG_DONTROUTE(0x4),
    /** Partial message; only message-oriented transports that support it (neither TCP nor UDP). */
    MSG_PARTIAL(0x8000);

    private final int winsockValue;

    SendFlag(int winsockValue) {
        this.winsockValue = winsockValue;
    }

    public int winsockValue() {
        return winsockValue;
    }

    /** C10: MSG_OOB needs a stream socket; MSG_PARTIAL is supported by neither TCP nor UDP. */
    public static java.util.Optional<String> check(SocketKind kind, java.util.Set<SendFlag> flags) {
        if (flags.contains(MSG_OOB) && !kind.isStream()) {
            return java.util.Optional.of("MSG_OOB needs a stream socket; this socket is " + kind);
        }
        if (flags.contains(MSG_PARTIAL)) {
            return java.util.Optional.of("MSG_PARTIAL is not supported by " + kind);
        }
        return java.util.Optional.empty();
    }
}
