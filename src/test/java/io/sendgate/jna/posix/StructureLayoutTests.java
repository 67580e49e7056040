package io.sendgate.jna.posix;

import com.sun.jna.Platform;
import com.sun.jna.Structure;
import io.sendgate.jna.SockaddrIn;
import io.sendgate.jna.SockaddrIn6;
import io.sendgate.jna.Sockaddrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.sendgate.jna.posix.CHeaders.fieldOffset;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JNA mirrors of the C structures the driver hands to the kernel. A wrong offset does not fail loudly:
 * sendmsg would read a length as a pointer, or epoll would hand back another socket's token.
 */
@EnabledOnOs(OS.LINUX)
class StructureLayoutTests {

    @Test
    void iovecIsTwoEightByteWords() {
        // C6: each WSABUF becomes one iovec
        IoVec v = new IoVec();
        assertThat(v.size()).isEqualTo(16);
        assertThat(fieldOffset(v, "iov_base")).isZero();
        assertThat(fieldOffset(v, "iov_len")).isEqualTo(8);
        // The send path writes iovec arrays by hand at these offsets.
        assertThat(IoVec.SIZE).isEqualTo(16);
        assertThat(IoVec.BASE).isZero();
        assertThat(IoVec.LEN).isEqualTo(8);
    }

    @Test
    void msghdrPadsAfterItsIntFields() {
        // C6: sendmsg reads the iovec array through msg_iov and msg_iovlen
        MsgHdr m = new MsgHdr();
        assertThat(m.size()).isEqualTo(56);
        assertThat(offsets(m, "msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"))
                .containsExactly(0, 8, 16, 24, 32, 40, 48);
        assertThat(MsgHdr.SIZE).isEqualTo(56);
        assertThat(MsgHdr.IOV).isEqualTo(16);
        assertThat(MsgHdr.IOVLEN).isEqualTo(24);
    }

    @Test
    void epollEventIsPackedOnX8664Only() {
        // C11: pending sends are continued from what epoll_wait reports
        EpollEvent e = new EpollEvent();
        int size = Platform.isIntel() ? 12 : 16;
        int data = Platform.isIntel() ? 4 : 8;
        assertThat(e.size()).isEqualTo(size);
        assertThat(fieldOffset(e, "events")).isZero();
        assertThat(fieldOffset(e, "data")).isEqualTo(data);
        // epoll_wait's array is read by hand at these offsets.
        assertThat(EpollEvent.SIZE).isEqualTo(size);
        assertThat(EpollEvent.DATA).isEqualTo(data);
    }

    @Test
    void epollEventCarriesItsTokenWhereTheKernelReadsIt() {
        // C11
        // The token must land in data's eight bytes, right after events, whatever the packing.
        EpollEvent e = new EpollEvent(LibC.EPOLLOUT, 0x0102030405060708L);
        e.write();
        assertThat(e.getPointer().getInt(0)).isEqualTo(LibC.EPOLLOUT);
        assertThat(e.getPointer().getLong(EpollEvent.DATA)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void pollfdIsEightBytes() {
        // C1, C3: connect and accept wait with poll
        PollFd p = new PollFd();
        assertThat(p.size()).isEqualTo(8);
        assertThat(offsets(p, "fd", "events", "revents")).containsExactly(0, 4, 6);
    }

    @Test
    void sockaddrInIsSixteenBytes() {
        // C1, C2, C3: IPv4 targets and listener addresses
        SockaddrIn s = new SockaddrIn();
        assertThat(s.size()).isEqualTo(16);
        assertThat(offsets(s, "sin_family", "sin_port", "sin_addr", "sin_zero")).containsExactly(0, 2, 4, 8);
    }

    @Test
    void sockaddrIn6IsTwentyEightBytes() {
        // C1, C2, C3: IPv6 targets and listener addresses
        SockaddrIn6 s = new SockaddrIn6();
        assertThat(s.size()).isEqualTo(28);
        assertThat(offsets(s, "sin6_family", "sin6_port", "sin6_flowinfo", "sin6_addr", "sin6_scope_id"))
                .containsExactly(0, 2, 4, 8, 24);
    }

    @Test
    void everyMirrorMatchesTheCHeadersOfThisMachine() {
        // C1, C6, C11
        Map<String, String> expressions = new LinkedHashMap<>();
        expressions.putAll(CHeaders.layoutExpressions(IoVec.class, "iovec"));
        expressions.putAll(CHeaders.layoutExpressions(MsgHdr.class, "msghdr"));
        expressions.putAll(CHeaders.layoutExpressions(EpollEvent.class, "epoll_event"));
        expressions.putAll(CHeaders.layoutExpressions(PollFd.class, "pollfd"));
        expressions.putAll(CHeaders.layoutExpressions(SockaddrIn.class, "sockaddr_in"));
        expressions.putAll(CHeaders.layoutExpressions(SockaddrIn6.class, "sockaddr_in6"));
        expressions.put("sockaddr_storage.size", "sizeof(struct sockaddr_storage)");
        Map<String, Long> c = CHeaders.evaluate(expressions);

        Map<String, Long> jna = new LinkedHashMap<>();
        for (Structure s : new Structure[] {new IoVec(), new MsgHdr(), new EpollEvent(), new PollFd(), new SockaddrIn(), new SockaddrIn6()}) {
            jna.putAll(CHeaders.layoutOf(s));
        }
        jna.put("sockaddr_storage.size", (long) Sockaddrs.STORAGE_SIZE);
        assertThat(jna).containsExactlyInAnyOrderEntriesOf(c);
    }

    @Test
    void schedAttrMatchesTheHeadersUpToItsFirstSize() {
        // C17: the event streams' writers ask for a short slice through sched_attr's sched_runtime; the mirror
        // stops where SCHED_ATTR_SIZE_VER0 does, and says so in its size field
        SchedAttr mirror = new SchedAttr();
        Map<String, String> expressions = new LinkedHashMap<>();
        Map<String, Long> jna = new LinkedHashMap<>();
        // its first field is named size too, so the size of the whole goes by another name
        expressions.put("sizeof", "SCHED_ATTR_SIZE_VER0");
        jna.put("sizeof", (long) mirror.size());
        for (String field : SchedAttr.class.getAnnotation(Structure.FieldOrder.class).value()) {
            expressions.put(field, "offsetof(struct sched_attr, " + field + ")");
            jna.put(field, (long) fieldOffset(mirror, field));
        }
        assertThat(jna).containsExactlyInAnyOrderEntriesOf(CHeaders.evaluate(expressions));
        assertThat(ShortSlices.SCHED_ATTR_SIZE_VER0).isEqualTo(mirror.size());
    }

    private static int[] offsets(Structure s, String... fields) {
        int[] out = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            out[i] = fieldOffset(s, fields[i]);
        }
        return out;
    }
}
