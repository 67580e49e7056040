package io.sendgate.jna.winsock;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code typedef struct _WSAOVERLAPPED { DWORD Internal; DWORD InternalHigh; DWORD Offset; DWORD OffsetHigh;
 * WSAEVENT hEvent; } WSAOVERLAPPED;} as {@code winsock2.h} aliases it to OVERLAPPED, whose first two
 * members are ULONG_PTR: 32 bytes on x64, hEvent at 24. Completion ports need no event, so hEvent stays null.
 */
@Structure.FieldOrder({"Internal", "InternalHigh", "Offset", "OffsetHigh", "hEvent"})
public class WsaOverlapped extends Structure {
    public long Internal;
    public long InternalHigh;
    public int Offset;
    public int OffsetHigh;
    public Pointer hEvent;

    static final int SIZE = new WsaOverlapped().size();

    int fieldOffsetOf(String field) {
        return fieldOffset(field);
    }
}
