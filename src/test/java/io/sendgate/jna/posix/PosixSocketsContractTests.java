package io.sendgate.jna.posix;

import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.NativeSocketsContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The send contract, kept by the libc driver on epoll. */
@EnabledOnOs(OS.LINUX)
class PosixSocketsContractTests extends NativeSocketsContract {

    @Override
    protected NativeSockets startDriver() {
        return PosixSockets.start();
    }
}
