package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** WSASend and WSARecv themselves, bound by JNA's direct mapping: they are the calls every send and receive make. */
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

    /**
     * {@code int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
     * LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);}
     * lpFlags is in and out: the flags asked for, then the result flags (written at completion when the call
     * is overlapped, so it must live as long as the OVERLAPPED).
     */
    static native int WSARecv(long s, Pointer lpBuffers, int dwBufferCount, Pointer lpNumberOfBytesRecvd,
                              Pointer lpFlags, Pointer lpOverlapped, Pointer lpCompletionRoutine);
}
