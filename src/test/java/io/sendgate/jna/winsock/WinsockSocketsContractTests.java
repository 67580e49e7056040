package io.sendgate.jna.winsock;

import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.NativeSocketsContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The one contract suite, run on the Winsock driver: every send a real overlapped WSASend. */
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "ws2_32 exists on Windows only; the libc driver runs the suite elsewhere")
class WinsockSocketsContractTests extends NativeSocketsContract {
    @Override
    protected NativeSockets startDriver() {
        return WinsockSockets.start();
    }
}
