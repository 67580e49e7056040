package io.sendgate.jna.winsock;

import io.sendgate.core.WsaError;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.ShutdownHow;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Winsock structures and constants against the Windows SDK headers (x64), checked on any OS: JNA
 * lays these structures out with the same rules on every 64-bit platform, as they use no C long.
 */
class WinsockLayoutTests {

    @Test
    void wsabufIs16BytesWithLenAt0AndBufAt8() {
        // winsock2.h: typedef struct _WSABUF { ULONG len; CHAR FAR *buf; } WSABUF
        assertThat(WsaBuf.SIZE).isEqualTo(16);
        assertThat(WsaBuf.LEN).isZero();
        assertThat(WsaBuf.BUF).isEqualTo(8);
    }

    @Test
    void wsaoverlappedIs32BytesWithHEventAt24() {
        // minwinbase.h OVERLAPPED: ULONG_PTR Internal, InternalHigh; union { DWORD Offset, OffsetHigh; PVOID Pointer }; HANDLE hEvent
        assertThat(WsaOverlapped.SIZE).isEqualTo(32);
        assertThat(new WsaOverlapped().fieldOffsetOf("hEvent")).isEqualTo(24);
    }

    @Test
    void overlappedEntryIs32Bytes() {
        // minwinbase.h: ULONG_PTR lpCompletionKey; LPOVERLAPPED lpOverlapped; ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred
        assertThat(OverlappedEntry.SIZE).isEqualTo(32);
        assertThat(OverlappedEntry.KEY).isZero();
        assertThat(OverlappedEntry.OVERLAPPED).isEqualTo(8);
        assertThat(OverlappedEntry.BYTES).isEqualTo(24);
    }

    @Test
    void sendFlagsHaveTheHeadersValuesAndTranslateOneByOne() {
        // winsock2.h
        assertThat(Ws2_32.MSG_OOB).isEqualTo(0x1).isEqualTo(SendFlag.MSG_OOB.winsockValue());
        assertThat(Ws2_32.MSG_DONTROUTE).isEqualTo(0x4).isEqualTo(SendFlag.MSG_DONTROUTE.winsockValue());
        assertThat(Ws2_32.MSG_PARTIAL).isEqualTo(0x8000).isEqualTo(SendFlag.MSG_PARTIAL.winsockValue());
        assertThat(WinsockFlags.of(EnumSet.allOf(SendFlag.class))).isEqualTo(0x8005);
        assertThat(WinsockFlags.of(EnumSet.noneOf(SendFlag.class))).isZero();
    }

    @Test
    void shutdownIoctlAndSocketConstantsHaveTheHeadersValues() {
        assertThat(Ws2_32.SD_RECEIVE).isEqualTo(0).isEqualTo(ShutdownHow.SD_RECEIVE.winsockValue());
        assertThat(Ws2_32.SD_SEND).isEqualTo(1).isEqualTo(ShutdownHow.SD_SEND.winsockValue());
        assertThat(Ws2_32.SD_BOTH).isEqualTo(2).isEqualTo(ShutdownHow.SD_BOTH.winsockValue());
        // _WSAIO(IOC_WS2, 4) = IOC_VOID | IOC_WS2 | 4
        assertThat(Ws2_32.SIO_FLUSH).isEqualTo(0x20000000 | 0x08000000 | 4);
        // _IOW('f', 126, u_long) = IOC_IN | (sizeof(u_long) & IOCPARM_MASK) << 16 | 'f' << 8 | 126
        assertThat(Ws2_32.FIONBIO).isEqualTo(0x80000000 | (4 << 16) | ('f' << 8) | 126);
        assertThat(Ws2_32.AF_INET6).isEqualTo(23);
        assertThat(Ws2_32.SOL_SOCKET).isEqualTo(0xffff);
        assertThat(Ws2_32.SO_MAX_MSG_SIZE).isEqualTo(0x2003);
        assertThat(Ws2_32.WSA_FLAG_OVERLAPPED).isEqualTo(1);
        assertThat(Ws2_32.WSA_FLAG_NO_HANDLE_INHERIT).isEqualTo(0x80);
        // winsock2.h: #define SO_LINGER 0x0080; ws2def.h: #define SO_EXCLUSIVEADDRUSE ((int)(~SO_REUSEADDR)), SO_REUSEADDR 0x0004
        assertThat(Ws2_32.SO_LINGER).isEqualTo(0x0080);
        assertThat(Ws2_32.SO_EXCLUSIVEADDRUSE).isEqualTo(0xFFFFFFFB);
        assertThat(Ws2_32.WSAECONNRESET).isEqualTo(WsaError.WSAECONNRESET.code());
        assertThat(Ws2_32.WSAENOTSOCK).isEqualTo(WsaError.WSAENOTSOCK.code());
        assertThat(Kernel32.ERROR_ABANDONED_WAIT_0).isEqualTo(735);
    }

    @Test
    void theWsaCodesTheDriverReadsAreTheCoresTable() {
        // winerror.h
        assertThat(Ws2_32.WSA_IO_PENDING).isEqualTo(WsaError.WSA_IO_PENDING.code()).isEqualTo(997);
        assertThat(Ws2_32.WSAEWOULDBLOCK).isEqualTo(WsaError.WSAEWOULDBLOCK.code()).isEqualTo(10035);
        assertThat(Kernel32.ERROR_OPERATION_ABORTED).isEqualTo(WsaError.WSA_OPERATION_ABORTED.code());
        assertThat(WinsockSockets.wsa(10054)).isEqualTo(WsaError.WSAECONNRESET);
        assertThat(WinsockSockets.wsa(995)).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
        assertThat(WinsockSockets.wsa(123456)).isEqualTo(WsaError.WSASYSCALLFAILURE);
    }
}
