package io.sendgate.jna.posix;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct iovec { void *iov_base; size_t iov_len; };} (16 bytes on LP64). The send path writes
 * arrays of it straight into native memory at the offsets this mirror defines.
 */
@Structure.FieldOrder({"iov_base", "iov_len"})
public class IoVec extends Structure {
    public Pointer iov_base;
    public long iov_len;

    static final int SIZE = new IoVec().size();
    static final int BASE = new IoVec().fieldOffset("iov_base");
    static final int LEN = new IoVec().fieldOffset("iov_len");
}
