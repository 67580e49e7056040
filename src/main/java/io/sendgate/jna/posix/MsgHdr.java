package io.sendgate.jna.posix;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct msghdr { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov; size_t msg_iovlen;
 * void *msg_control; size_t msg_controllen; int msg_flags; };} (56 bytes on LP64). Connected sockets
 * leave the name and control parts empty; the send and receive paths write msg_iov and msg_iovlen at these offsets, and a receive reads msg_flags.
 */
@Structure.FieldOrder({"msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"})
public class MsgHdr extends Structure {
    public Pointer msg_name;
    public int msg_namelen;
    public Pointer msg_iov;
    public long msg_iovlen;
    public Pointer msg_control;
    public long msg_controllen;
    public int msg_flags;

    static final int SIZE = new MsgHdr().size();
    static final int IOV = new MsgHdr().fieldOffset("msg_iov");
    static final int IOVLEN = new MsgHdr().fieldOffset("msg_iovlen");
    static final int FLAGS = new MsgHdr().fieldOffset("msg_flags");
}
