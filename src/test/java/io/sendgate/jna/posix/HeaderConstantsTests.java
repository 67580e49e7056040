package io.sendgate.jna.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libc constants the driver passes as plain numbers (JNA cannot read macros), held to this machine's
 * headers. Each is named as its C macro, so the probe can ask the compiler for the same name.
 */
@EnabledOnOs(OS.LINUX)
class HeaderConstantsTests {

    @Test
    void everyLibcConstantEqualsItsMacro() {
        // C1-C4: socket, option and shutdown constants; C11: epoll's
        assertMatchesHeaders(CHeaders.constantsOf(LibC.class));
    }

    @Test
    void sendFlagsAndLimitsEqualTheirMacros() {
        // C10, C41: WSASend's and WSARecv's flags become these sendmsg and recvmsg flags; MSG_TRUNC marks a
        // truncated datagram (C43); IOV_MAX caps each call's iovec array (C6)
        Map<String, Long> ours = new LinkedHashMap<>(CHeaders.constantsOf(PosixFlags.class));
        ours.putAll(CHeaders.constantsOf(PosixSend.class));
        ours.putAll(CHeaders.constantsOf(IoVecCursor.class));
        assertThat(ours).containsKeys("MSG_OOB", "MSG_PEEK", "MSG_TRUNC", "MSG_DONTROUTE", "MSG_NOSIGNAL", "IOV_MAX");
        assertMatchesHeaders(ours);
    }

    private static void assertMatchesHeaders(Map<String, Long> ours) {
        Map<String, String> expressions = new LinkedHashMap<>();
        ours.keySet().forEach(name -> expressions.put(name, name));
        assertThat(ours).containsExactlyInAnyOrderEntriesOf(CHeaders.evaluate(expressions));
    }
}
