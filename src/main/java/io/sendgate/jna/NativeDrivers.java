package io.sendgate.jna;

import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.PromptWakeups;
import io.sendgate.jna.posix.PosixSockets;
import io.sendgate.jna.posix.ShortSlices;
import io.sendgate.jna.winsock.WinsockSockets;

/**
 * Starts a driver by name. Each driver's classes load only when it is chosen, so the Winsock bindings
 * are never loaded on Linux and the libc ones never on Windows.
 */
public final class NativeDrivers {
    private NativeDrivers() {
    }

    /** The driver this platform has: ws2_32 on Windows, libc elsewhere. */
    public static String forPlatform() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "winsock" : "posix";
    }

    /**
     * @throws IllegalStateException or a {@link LinkageError} when the driver cannot start here
     */
    public static NativeSockets start(String name) {
        return switch (name) {
            case "posix" -> PosixSockets.start();
            case "winsock" -> WinsockSockets.start();
            default -> throw new IllegalArgumentException("sendgate.driver must be auto, posix or winsock, not '" + name + "'");
        };
    }

    /** What the named driver's platform takes of {@link PromptWakeups}; a driver name {@link #start} accepted. */
    public static PromptWakeups promptWakeups(String name) {
        return "posix".equals(name) ? ShortSlices.forPlatform() : PromptWakeups.NONE;
    }
}
