package io.sendgate.jna.winsock;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code typedef struct _OVERLAPPED_ENTRY { ULONG_PTR lpCompletionKey; LPOVERLAPPED lpOverlapped;
 * ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred; } OVERLAPPED_ENTRY;} (32 bytes on x64). The
 * completion thread reads arrays of it at these offsets.
 */
@Structure.FieldOrder({"lpCompletionKey", "lpOverlapped", "Internal", "dwNumberOfBytesTransferred"})
public class OverlappedEntry extends Structure {
    public long lpCompletionKey;
    public Pointer lpOverlapped;
    public long Internal;
    public int dwNumberOfBytesTransferred;

    static final int SIZE = new OverlappedEntry().size();
    static final int KEY = new OverlappedEntry().fieldOffset("lpCompletionKey");
    static final int OVERLAPPED = new OverlappedEntry().fieldOffset("lpOverlapped");
    static final int BYTES = new OverlappedEntry().fieldOffset("dwNumberOfBytesTransferred");
}
