package io.sendgate.jna.winsock;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** {@code typedef struct _WSABUF { ULONG len; CHAR *buf; } WSABUF;} (16 bytes on x64: len at 0, buf at 8). */
@Structure.FieldOrder({"len", "buf"})
public class WsaBuf extends Structure {
    public int len;
    public Pointer buf;

    static final int SIZE = new WsaBuf().size();
    static final int LEN = new WsaBuf().fieldOffset("len");
    static final int BUF = new WsaBuf().fieldOffset("buf");
}
