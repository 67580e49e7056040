package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Flag names from JSON or a query string (repeated or comma-separated); an unknown one is a validation error (C10). */
final class FlagNames {
    private FlagNames() {
    }

    static Set<SendFlag> sendFlags(List<String> names) {
        return parse(names, SendFlag.class, "send");
    }

    static Set<ReceiveFlag> receiveFlags(List<String> names) {
        return parse(names, ReceiveFlag.class, "receive");
    }

    private static <E extends Enum<E>> Set<E> parse(List<String> names, Class<E> table, String what) {
        Set<E> flags = EnumSet.noneOf(table);
        if (names == null) {
            return flags;
        }
        for (String entry : names) {
            if (entry == null) {
                throw unknown("null", table, what);
            }
            for (String name : entry.split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    flags.add(Enum.valueOf(table, trimmed));
                } catch (IllegalArgumentException e) {
                    throw unknown(trimmed, table, what);
                }
            }
        }
        return flags;
    }

    private static WsaException unknown(String name, Class<? extends Enum<?>> table, String what) {
        return new WsaException(WsaError.WSAEINVAL, "Unknown " + what + " flag '" + name + "'; known flags: "
                + Arrays.toString(table.getEnumConstants()));
    }
}
