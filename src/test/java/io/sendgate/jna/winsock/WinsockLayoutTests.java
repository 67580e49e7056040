package io.sendgate.jna.winsock;

import com.sun.jna.Pointer;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.ShutdownHow;
import io.sendgate.jna.JnaMemory;
import io.sendgate.jna.NativeBlock;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

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

    @Test
    void receiveFlagsHaveTheHeadersValuesAndTranslateOneByOne() {
        // winsock2.h: #define MSG_OOB 0x1, MSG_PEEK 0x2, MSG_WAITALL 0x8
        assertThat(Ws2_32.MSG_OOB).isEqualTo(ReceiveFlag.MSG_OOB.winsockValue());
        assertThat(Ws2_32.MSG_PEEK).isEqualTo(0x2).isEqualTo(ReceiveFlag.MSG_PEEK.winsockValue());
        assertThat(Ws2_32.MSG_WAITALL).isEqualTo(0x8).isEqualTo(ReceiveFlag.MSG_WAITALL.winsockValue());
        assertThat(WinsockFlags.ofReceive(EnumSet.of(ReceiveFlag.MSG_OOB))).isEqualTo(0x1);
        assertThat(WinsockFlags.ofReceive(EnumSet.of(ReceiveFlag.MSG_PEEK))).isEqualTo(0x2);
        assertThat(WinsockFlags.ofReceive(EnumSet.of(ReceiveFlag.MSG_WAITALL))).isEqualTo(0x8);
        assertThat(WinsockFlags.ofReceive(EnumSet.allOf(ReceiveFlag.class))).isEqualTo(0xB);
        assertThat(WinsockFlags.ofReceive(EnumSet.noneOf(ReceiveFlag.class))).isZero();
    }

    @Test
    void theReceiveCodesAndStatusesHaveTheHeadersValues() {
        // winerror.h; ntstatus.h: STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005L), a warning
        assertThat(Ws2_32.WSAEMSGSIZE).isEqualTo(WsaError.WSAEMSGSIZE.code()).isEqualTo(10040);
        assertThat(Ws2_32.WSA_IO_INCOMPLETE).isEqualTo(WsaError.WSA_IO_INCOMPLETE.code()).isEqualTo(996);
        assertThat(Kernel32.STATUS_SUCCESS).isZero();
        assertThat(Integer.toUnsignedLong(Kernel32.STATUS_BUFFER_OVERFLOW)).isEqualTo(0x80000005L);
    }

    @Test
    void anOperationsBlockIsTheOverlappedThenLpFlagsThenOneWsabufPerBufferEachWhereThePreviousEnds() {
        try (Payload payload = payload(3, 0, 5)) {
            WinsockReceive receive = new WinsockReceive(null, payload, EnumSet.of(ReceiveFlag.MSG_PEEK), null);
            try {
                long block = Pointer.nativeValue(receive.overlapped());
                long data = Pointer.nativeValue(((NativeBlock) payload.memory()).pointer());
                assertThat(receive.overlappedAddress()).isEqualTo(block);
                assertThat(receive.overlapped().getByteArray(0, WsaOverlapped.SIZE)).containsOnly(0);
                assertThat(Pointer.nativeValue(receive.flags())).isEqualTo(block + WsaOverlapped.SIZE);
                assertThat(receive.flags().getInt(0)).isEqualTo(Ws2_32.MSG_PEEK);
                // the WSABUF array starts 8-aligned after the DWORD
                assertThat(Pointer.nativeValue(receive.buffers())).isEqualTo(block + 40);
                assertThat(receive.count()).isEqualTo(3);
                long[] starts = {0, 3, 3};
                long[] lengths = {3, 0, 5};
                for (int i = 0; i < 3; i++) {
                    Pointer buf = receive.buffers().share((long) i * WsaBuf.SIZE);
                    assertThat(buf.getInt(WsaBuf.LEN)).isEqualTo(lengths[i]);
                    assertThat(Pointer.nativeValue(buf.getPointer(WsaBuf.BUF))).isEqualTo(data + starts[i]);
                }
            } finally {
                receive.free();
            }
        }
    }

    @Test
    void aTruncatedDatagramFailsWithWsaemsgsizeAndTheBytesThatFitWhetherAtOnceOrAfterTheClose() {
        try (Payload payload = payload(4, 6)) {
            WinsockReceive receive = new WinsockReceive(null, payload, Set.of(), null);
            try {
                IoStart now = receive.failedNow(Ws2_32.WSAEMSGSIZE);
                assertThat(now.outcome()).isEqualTo(IoStart.Outcome.FAILED);
                assertThat(now.bytesTransferred()).isEqualTo(10);
                assertThat(now.failure().error()).isEqualTo(WsaError.WSAEMSGSIZE);
                // a synchronous WSAEMSGSIZE still queues a packet: the block must wait for it
                assertThat(receive.answeredAtOnce(Ws2_32.WSAEMSGSIZE)).isNotNull();
                assertThat(receive.outcome(Ws2_32.WSAEMSGSIZE, 10).error()).isEqualTo(WsaError.WSAEMSGSIZE);
                assertThat(receive.outcome(0, 10)).isNull();

                // after closesocket only the NTSTATUS in OVERLAPPED.Internal is read
                assertThat(receive.outcomeAfterClose(10)).isNull();
                receive.overlapped().setLong(0, Integer.toUnsignedLong(Kernel32.STATUS_BUFFER_OVERFLOW));
                assertThat(receive.outcomeAfterClose(10).error()).isEqualTo(WsaError.WSAEMSGSIZE);
                receive.overlapped().setLong(0, 0xC0000120L); // STATUS_CANCELLED
                assertThat(receive.outcomeAfterClose(3).error()).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
            } finally {
                receive.free();
            }
        }
    }

    @Test
    void aSendAndAReceiveOnOnePayloadHaveTheirOwnOverlapped() {
        try (Payload payload = payload(8)) {
            WinsockSend send = new WinsockSend(null, payload, WinsockFlags.of(EnumSet.of(SendFlag.MSG_OOB)), null);
            WinsockReceive receive = new WinsockReceive(null, payload, Set.of(), null);
            try {
                assertThat(send.overlappedAddress()).isNotEqualTo(receive.overlappedAddress());
                assertThat(send.answeredAtOnce(0).bytesTransferred()).isEqualTo(8);
                // no synchronous failure of WSASend queues a packet
                assertThat(send.answeredAtOnce(Ws2_32.WSAEMSGSIZE)).isNull();
            } finally {
                send.free();
                receive.free();
            }
        }
    }

    /** Buffers of the given lengths over one native block, as the core captures them. */
    private static Payload payload(long... lengths) {
        long total = java.util.Arrays.stream(lengths).sum();
        return new BlockPayload(new JnaMemory(total), lengths, total);
    }

    private record BlockPayload(NativeMemory memory, long[] bufferLengths, long totalBytes) implements Payload {
        @Override
        public void close() {
            memory.close();
        }
    }
}
