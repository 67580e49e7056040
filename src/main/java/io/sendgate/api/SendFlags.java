package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.SendFlag;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Flag names from JSON or a query string; an unknown one is a validation error (C10). */
final class SendFlags {
    private SendFlags() {
    }

    static Set<SendFlag> parse(List<String> names) {
        Set<SendFlag> flags = EnumSet.noneOf(SendFlag.class);
        if (names == null) {
            return flags;
        }
        for (String entry : names) {
            if (entry == null) {
                throw unknown("null");
            }
            for (String name : entry.split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    flags.add(SendFlag.valueOf(trimmed));
                } catch (IllegalArgumentException e) {
                    throw unknown(trimmed);
                }
            }
        }
        return flags;
    }

    private static WsaException unknown(String name) {
        return new WsaException(WsaError.WSAEINVAL, "Unknown send flag '" + name + "'; known flags: "
                + Arrays.toString(SendFlag.values()));
    }
}
