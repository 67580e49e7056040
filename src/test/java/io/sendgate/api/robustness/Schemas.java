package io.sendgate.api.robustness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the control calls, field by field with the type each field takes, and the wrong names
 * and values that mutations put in them.
 */
final class Schemas {
    /** What a field takes, which decides what a wrong value for it is. */
    enum FType { STRING, ENUM, INT, LONG, TIMEOUT, BOOL, IDS }

    static final Map<String, FType> OPEN_SCHEMA = schema("type", FType.ENUM, "remoteHost", FType.STRING,
            "remotePort", FType.INT, "overlapped", FType.BOOL, "nonBlocking", FType.BOOL, "sendTimeoutMs", FType.LONG,
            "sendBufferBytes", FType.INT, "noDelay", FType.BOOL, "keepAlive", FType.BOOL);
    static final Map<String, FType> ACCEPT_SCHEMA = schema("overlapped", FType.BOOL, "nonBlocking", FType.BOOL,
            "sendTimeoutMs", FType.LONG, "sendBufferBytes", FType.INT, "noDelay", FType.BOOL, "keepAlive", FType.BOOL);
    static final Map<String, FType> LISTEN_SCHEMA = schema("host", FType.STRING, "port", FType.INT, "backlog", FType.INT);
    static final Map<String, FType> SHUTDOWN_SCHEMA = schema("how", FType.ENUM);
    static final Map<String, FType> WAIT_SCHEMA = schema("operationIds", FType.IDS, "waitAll", FType.BOOL,
            "timeoutMs", FType.TIMEOUT);
    static final Map<String, FType> RECEIVE_SCHEMA = schema("bytes", FType.LONG, "flags", FType.ENUM, "overlapped", FType.BOOL);
    static final Map<String, FType> EXPECT_SCHEMA = schema("text", FType.STRING, "regex", FType.STRING, "from", FType.LONG,
            "timeoutMs", FType.TIMEOUT);
    static final Map<String, FType> LISTEN_SOCKET_SCHEMA = schema("host", FType.STRING, "port", FType.INT, "backlog",
            FType.INT, "autoAccept", FType.BOOL, "socket", FType.ENUM);
    static final Map<String, FType> SESSION_SCHEMA = schema("token", FType.STRING);

    static final List<String> UNKNOWN_NAMES = List.of("x", "foo", "__proto__", "constructor", "", " ", "\u00e9",
            "$ref", "null", "buffer", "flag", "timeout", "id", "a".repeat(300), "\\u0000", "remote_host", "Type");
    static final List<String> WRONG_FOR_STRING = List.of("123", "true", "false", "[]", "{}", "[\"a\"]", "1.5",
            "{\"a\":\"b\"}", "null", "-0", "1e400");
    static final List<String> ODD_HOSTS = List.of("\"\"", "\" \"", "\"127.0.0.1 \"", "\"127.0.0.1\\n\"", "\"[::1]\"",
            "\"0x7f.1\"", "\"2130706433\"", "\"localhost.\"", "\"10.0.0.1\"", "\"0.0.0.0\"", "\"::ffff:127.0.0.1\"",
            "\"no-such-host.invalid\"", "\"\\u00e9.invalid\"", "\"" + "h".repeat(300) + "\"", "\"127.0.0.1:80\"",
            "\"127.1\"", "\"::1\"", "\"\\u0000\"", "\"-1.invalid\"", "\"255.255.255.255\"", "\"224.0.0.1\"");
    static final List<String> NUMBERS = List.of("-1", "0", "-0", "1", "65535", "65536", "2147483647", "2147483648",
            "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999999",
            "1e400", "-1e400", "1e-400", "1.5", "0.5", "-0.0", "1E2", "1e3", "2.0", "123456789.123456789", "1" + "0".repeat(1200),
            "0.0000001", "-5");
    /** For timeouts: each value is refused or waits at most 100 ms (C38). */
    static final List<String> TIMEOUT_NUMBERS = NUMBERS.stream()
            .filter(n -> !List.of("65535", "65536", "1e3", "1" + "0".repeat(1200)).contains(n)).toList();

    private Schemas() {
    }

    private static Map<String, FType> schema(Object... pairs) {
        Map<String, FType> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (FType) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
