package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** WSASend itself, bound by JNA's direct mapping: it is the call every send makes. */
final class Ws2Direct {
    static {
        Native.register(Ws2Direct.class, "ws2_32");
    }

    private Ws2Direct() {
    }

    static void load() {
        // Running the static initialiser is the point: a missing ws2_32 fails the driver's probe, not a send.
    }

    /**
     * {@code int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
     * DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);}
     */
    static native int WSASend(long s, Pointer lpBuffers, int dwBufferCount, Pointer lpNumberOfBytesSent,
                              int dwFlags, Pointer lpOverlapped, Pointer lpCompletionRoutine);
}
