package io.sendgate.jna.posix;

import com.sun.jna.Platform;
import com.sun.jna.Structure;

/**
 * {@code struct epoll_event { uint32_t events; epoll_data_t data; };} which glibc declares packed on
 * x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes on AArch64). {@code data} carries the
 * socket's token, never its descriptor, so a reused descriptor cannot be mistaken for an old socket.
 */
@Structure.FieldOrder({"events", "data"})
public class EpollEvent extends Structure {
    public int events;
    public long data;

    public EpollEvent() {
        super(Platform.isIntel() && Platform.is64Bit() ? ALIGN_NONE : ALIGN_DEFAULT);
    }

    EpollEvent(int events, long data) {
        this();
        this.events = events;
        this.data = data;
    }

    static final int SIZE = new EpollEvent().size();
    static final int DATA = new EpollEvent().fieldOffset("data");
}
