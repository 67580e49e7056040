package io.sendgate.jna.winsock;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The completion thread's wait, bound by JNA's direct mapping. */
final class Kernel32Direct {
    static {
        Native.register(Kernel32Direct.class, "kernel32");
    }

    private Kernel32Direct() {
    }

    static void load() {
        // Running the static initialiser is the point: see Ws2Direct.load.
    }

    /**
     * {@code BOOL GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
     * ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds, BOOL fAlertable);}
     */
    static native boolean GetQueuedCompletionStatusEx(Pointer completionPort, Pointer entries, int count,
                                                      Pointer numEntriesRemoved, int milliseconds, boolean alertable);
}
