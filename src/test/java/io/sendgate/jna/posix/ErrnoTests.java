package io.sendgate.jna.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.Sockaddrs;
import io.sendgate.testing.LoopbackPeers.TcpServer;
import io.sendgate.testing.LoopbackPeers.UdpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.sendgate.testing.LoopbackPeers.WAIT;
import static io.sendgate.testing.LoopbackPeers.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** C31: the one errno to WSA table, a test per row, the rows that depend on the socket's state, and the errno values. */
class ErrnoTests {
    /** A connected stream that nobody shut down and that saw no reset: the state in which no row is ambiguous. */
    private static final Sockaddrs SOCKADDRS = new Sockaddrs(LibC.AF_INET6);
    private static final Errno.Facts PLAIN_STREAM = new Errno.Facts(false, false, false, true);

    /** Every row of the table, with the WSA name and number of winsock2.h written out. */
    static Stream<Arguments> rows() {
        return Stream.of(
                arguments(Errno.EPERM, "WSAEACCES", 10013),
                arguments(Errno.EINTR, "WSAEINTR", 10004),
                arguments(Errno.EBADF, "WSAENOTSOCK", 10038),
                arguments(Errno.EAGAIN, "WSAEWOULDBLOCK", 10035),
                arguments(Errno.ENOMEM, "WSAENOBUFS", 10055),
                arguments(Errno.EACCES, "WSAEACCES", 10013),
                arguments(Errno.EFAULT, "WSAEFAULT", 10014),
                arguments(Errno.EINVAL, "WSAEINVAL", 10022),
                arguments(Errno.ENFILE, "WSAEMFILE", 10024),
                arguments(Errno.EMFILE, "WSAEMFILE", 10024),
                arguments(Errno.EPIPE, "WSAECONNRESET", 10054),
                arguments(Errno.ENOTSOCK, "WSAENOTSOCK", 10038),
                arguments(Errno.EDESTADDRREQ, "WSAENOTCONN", 10057),
                arguments(Errno.EMSGSIZE, "WSAEMSGSIZE", 10040),
                arguments(Errno.EPROTONOSUPPORT, "WSAEPROTONOSUPPORT", 10043),
                arguments(Errno.EOPNOTSUPP, "WSAEOPNOTSUPP", 10045),
                arguments(Errno.EAFNOSUPPORT, "WSAEAFNOSUPPORT", 10047),
                arguments(Errno.EADDRINUSE, "WSAEADDRINUSE", 10048),
                arguments(Errno.EADDRNOTAVAIL, "WSAEADDRNOTAVAIL", 10049),
                arguments(Errno.ENETDOWN, "WSAENETDOWN", 10050),
                arguments(Errno.ENETUNREACH, "WSAENETUNREACH", 10051),
                arguments(Errno.ENETRESET, "WSAENETRESET", 10052),
                arguments(Errno.ECONNABORTED, "WSAECONNABORTED", 10053),
                arguments(Errno.ECONNRESET, "WSAECONNRESET", 10054),
                arguments(Errno.ENOBUFS, "WSAENOBUFS", 10055),
                arguments(Errno.EISCONN, "WSAEISCONN", 10056),
                arguments(Errno.ENOTCONN, "WSAENOTCONN", 10057),
                arguments(Errno.ESHUTDOWN, "WSAESHUTDOWN", 10058),
                arguments(Errno.ETIMEDOUT, "WSAETIMEDOUT", 10060),
                arguments(Errno.ECONNREFUSED, "WSAECONNREFUSED", 10061),
                arguments(Errno.EHOSTDOWN, "WSAEHOSTDOWN", 10064),
                arguments(Errno.EHOSTUNREACH, "WSAEHOSTUNREACH", 10065),
                arguments(Errno.EALREADY, "WSAEALREADY", 10037),
                arguments(Errno.EINPROGRESS, "WSAEINPROGRESS", 10036));
    }

    @ParameterizedTest(name = "errno {0} is {1} ({2})")
    @MethodSource("rows")
    void eachRowGivesItsWsaCode(int errno, String wsaName, int wsaCode) {
        // C31
        WsaError mapped = Errno.toWsa(errno, PLAIN_STREAM);
        assertThat(mapped.name()).isEqualTo(wsaName);
        assertThat(mapped.code()).isEqualTo(wsaCode);
    }

    @Test
    void theRowsAboveAreEveryRowOfTheTable() {
        // C31: a row added to the table without its test here fails
        Set<Integer> tested = rows().map(a -> (Integer) a.get()[0]).collect(Collectors.toSet());
        assertThat(tested).isEqualTo(Errno.known());
    }

    @Test
    void epipeAfterOurOwnShutdownIsShutdown() {
        // C31, C20: even once the peer also reset, Winsock answers for our own shutdown first
        assertThat(Errno.toWsa(Errno.EPIPE, new Errno.Facts(false, true, false, true))).isEqualTo(WsaError.WSAESHUTDOWN);
        assertThat(Errno.toWsa(Errno.EPIPE, new Errno.Facts(false, true, true, true))).isEqualTo(WsaError.WSAESHUTDOWN);
    }

    @Test
    void epipeAfterAPeerResetIsConnReset() {
        // C31, C25: Linux says ECONNRESET once, then EPIPE for every later send
        assertThat(Errno.toWsa(Errno.EPIPE, new Errno.Facts(false, false, true, true))).isEqualTo(WsaError.WSAECONNRESET);
    }

    @Test
    void epipeOnAStreamThatWasNeverConnectedIsNotConn() {
        // C31, C27
        assertThat(Errno.toWsa(Errno.EPIPE, new Errno.Facts(false, false, false, false))).isEqualTo(WsaError.WSAENOTCONN);
    }

    @Test
    void econnrefusedIsConnResetOnADatagramAndRefusedOnAStream() {
        // C31, C26: on UDP it is the ICMP port-unreachable an earlier datagram drew
        assertThat(Errno.toWsa(Errno.ECONNREFUSED, new Errno.Facts(true, false, false, true))).isEqualTo(WsaError.WSAECONNRESET);
        assertThat(Errno.toWsa(Errno.ECONNREFUSED, PLAIN_STREAM)).isEqualTo(WsaError.WSAECONNREFUSED);
        assertThat(Errno.toWsa(Errno.ECONNREFUSED, PLAIN_STREAM.withNeverConnected())).isEqualTo(WsaError.WSAECONNREFUSED);
    }

    @Test
    void etimedoutOfASendIsWhatWsaSendReturns() {
        // C31: WSASend never returns WSAETIMEDOUT. Retransmissions that timed out while the send had data in
        // flight terminated the circuit: WSAECONNABORTED. Keep-alive probes that found an idle connection
        // dead: WSAENETRESET, "keep-alive activity detecting a failure".
        assertThat(Errno.toWsa(Errno.ETIMEDOUT, PLAIN_STREAM.sending(false))).isEqualTo(WsaError.WSAECONNABORTED);
        assertThat(Errno.toWsa(Errno.ETIMEDOUT, PLAIN_STREAM.sending(true))).isEqualTo(WsaError.WSAENETRESET);
        // connect keeps its own meaning
        assertThat(Errno.toWsa(Errno.ETIMEDOUT, PLAIN_STREAM)).isEqualTo(WsaError.WSAETIMEDOUT);
    }

    @Test
    void edestaddrreqIsNotConn() {
        // C31: WSASend on a datagram socket without a default peer
        assertThat(Errno.toWsa(Errno.EDESTADDRREQ, new Errno.Facts(true, false, false, false))).isEqualTo(WsaError.WSAENOTCONN);
    }

    @Test
    void anErrnoOutsideTheTableIsSyscallFailure() {
        // C31: ENOENT (2) means nothing for a socket call; 9999 is no errno at all
        assertThat(Errno.toWsa(2, PLAIN_STREAM)).isEqualTo(WsaError.WSASYSCALLFAILURE);
        assertThat(Errno.toWsa(9999, PLAIN_STREAM)).isEqualTo(WsaError.WSASYSCALLFAILURE);
    }

    // ---------------------------------------------------------------- the errno values themselves

    @Test
    @EnabledOnOs(OS.LINUX)
    void everyConstantEqualsErrnoH() {
        // C31: the table is only as right as the numbers it is keyed by
        Map<String, Long> ours = CHeaders.constantsOf(Errno.class);
        Map<String, String> expressions = new LinkedHashMap<>();
        ours.keySet().forEach(name -> expressions.put(name, name));
        assertThat(ours).containsExactlyInAnyOrderEntriesOf(CHeaders.evaluate(expressions));
    }

    /** Calls that fail on Linux with a known errno, made on loopback: no compiler needed to check the values. */
    static Stream<Arguments> failingCalls() {
        return Stream.of(
                arguments("connect to a closed port", Errno.ECONNREFUSED, 111, (IntSupplier) ErrnoTests::connectToClosedPort),
                arguments("close(-1)", Errno.EBADF, 9, (IntSupplier) () -> failed(libc().close(-1))),
                arguments("accept on an idle non-blocking listener", Errno.EAGAIN, 11, (IntSupplier) ErrnoTests::acceptWithNoneWaiting),
                arguments("sendmsg on an eventfd", Errno.ENOTSOCK, 88, (IntSupplier) ErrnoTests::sendmsgOnAnEventfd),
                arguments("sendmsg on a stream never connected", Errno.EPIPE, 32,
                        (IntSupplier) () -> withSocket(LibC.SOCK_STREAM, fd -> sendmsg(fd, 10))),
                arguments("sendmsg on a datagram socket with no peer", Errno.EDESTADDRREQ, 89,
                        (IntSupplier) () -> withSocket(LibC.SOCK_DGRAM, fd -> sendmsg(fd, 10))),
                arguments("sendmsg of 65508 bytes on UDP over IPv4", Errno.EMSGSIZE, 90, (IntSupplier) ErrnoTests::oversizeDatagram),
                arguments("sendmsg after the peer reset", Errno.ECONNRESET, 104, (IntSupplier) ErrnoTests::sendAfterReset),
                arguments("shutdown of a stream never connected", Errno.ENOTCONN, 107,
                        (IntSupplier) () -> withSocket(LibC.SOCK_STREAM, fd -> failed(libc().shutdown(fd, LibC.SHUT_WR)))),
                arguments("listen on a datagram socket", Errno.EOPNOTSUPP, 95,
                        (IntSupplier) () -> withSocket(LibC.SOCK_DGRAM, fd -> failed(libc().listen(fd, 1)))),
                arguments("setsockopt with a one-byte int", Errno.EINVAL, 22,
                        (IntSupplier) () -> withSocket(LibC.SOCK_STREAM, fd -> failed(
                                libc().setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, new IntByReference(1), 1)))),
                arguments("socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)", Errno.EPROTONOSUPPORT, 93,
                        (IntSupplier) () -> failed(libc().socket(LibC.AF_INET, LibC.SOCK_STREAM, LibC.IPPROTO_UDP))),
                arguments("socket of an unknown family", Errno.EAFNOSUPPORT, 97,
                        (IntSupplier) () -> failed(libc().socket(12345, LibC.SOCK_STREAM, 0))),
                arguments("bind to a port in use", Errno.EADDRINUSE, 98, (IntSupplier) ErrnoTests::bindToAPortInUse));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("failingCalls")
    @EnabledOnOs(OS.LINUX)
    void eachConstantIsWhatLinuxReports(String call, int constant, int linuxValue, IntSupplier errnoOfTheCall) {
        // C31: x86-64 and AArch64 share these values
        assertThat(constant).isEqualTo(linuxValue);
        assertThat(errnoOfTheCall.getAsInt()).isEqualTo(linuxValue);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFailureNamesTheCallTheErrnoAndTheWsaCode() {
        // C24, C31: "op(..) failed with error(n)" keeps the errno behind the WSA code
        try (PosixSockets driver = PosixSockets.start()) {
            WsaException e = catchThrowableOfType(WsaException.class,
                    () -> {
                        try {
                            driver.connectStream(TcpServer.closedPort(false), SocketOptions.DEFAULTS).get();
                        } catch (java.util.concurrent.ExecutionException failed) {
                            throw (WsaException) failed.getCause();
                        } catch (InterruptedException interrupted) {
                            throw new AssertionError(interrupted);
                        }
                    });
            assertThat(e.error()).isEqualTo(WsaError.WSAECONNREFUSED);
            assertThat(e.getMessage()).contains("connect(").contains("failed with error(111)");
        }
    }

    // ---------------------------------------------------------------- the failing calls

    private static LibC libc;

    private static synchronized LibC libc() {
        if (libc == null) {
            libc = Native.load("c", LibC.class);
        }
        return libc;
    }

    /** The errno of a call that must have failed. */
    private static int failed(long rc) {
        int errno = Native.getLastError();
        assertThat(rc).as("the call's return").isEqualTo(-1);
        return errno;
    }

    private static int withSocket(int type, IntUnaryOperator use) {
        int fd = libc().socket(LibC.AF_INET, type, 0);
        assertThat(fd).isNotNegative();
        try {
            return use.applyAsInt(fd);
        } finally {
            libc().close(fd);
        }
    }

    private static int connect(int fd, InetSocketAddress to) {
        Structure addr = SOCKADDRS.of(to);
        return libc().connect(fd, addr, addr.size());
    }

    private static int sendmsg(int fd, int bytes) {
        try (Memory data = new Memory(bytes)) {
            data.clear();
            IoVec v = new IoVec();
            v.iov_base = data;
            v.iov_len = bytes;
            v.write();
            MsgHdr m = new MsgHdr();
            m.msg_iov = v.getPointer();
            m.msg_iovlen = 1;
            m.write();
            return failed(LibCDirect.sendmsg(fd, m.getPointer(), PosixSend.MSG_NOSIGNAL));
        }
    }

    private static int connectToClosedPort() {
        return withSocket(LibC.SOCK_STREAM, fd -> failed(connect(fd, TcpServer.closedPort(false))));
    }

    private static int acceptWithNoneWaiting() {
        return withSocket(LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK, fd -> {
            Structure any = SOCKADDRS.of(new InetSocketAddress(loopback(false), 0));
            assertThat(libc().bind(fd, any, any.size())).isZero();
            assertThat(libc().listen(fd, 1)).isZero();
            return failed(libc().accept4(fd, Pointer.NULL, null, 0));
        });
    }

    private static int sendmsgOnAnEventfd() {
        int fd = libc().eventfd(0, LibC.EFD_CLOEXEC);
        assertThat(fd).isNotNegative();
        try {
            return sendmsg(fd, 1);
        } finally {
            libc().close(fd);
        }
    }

    private static int oversizeDatagram() {
        try (UdpPeer peer = UdpPeer.bind(false)) {
            return withSocket(LibC.SOCK_DGRAM, fd -> {
                assertThat(connect(fd, peer.address())).isZero();
                return sendmsg(fd, 65508);
            });
        }
    }

    private static int bindToAPortInUse() {
        try (UdpPeer taken = UdpPeer.bind(false)) {
            return withSocket(LibC.SOCK_DGRAM, fd -> {
                Structure addr = SOCKADDRS.of(taken.address());
                return failed(libc().bind(fd, addr, addr.size()));
            });
        }
    }

    private static int sendAfterReset() {
        try (TcpServer server = TcpServer.listen(false, null)) {
            return withSocket(LibC.SOCK_STREAM, fd -> {
                assertThat(connect(fd, server.address())).isZero();
                server.accept().reset();
                // Wait (bounded) for the RST to arrive: poll reports it as an error or hang-up.
                PollFd pfd = new PollFd(fd, (short) 0);
                assertThat(libc().poll(pfd, 1, (int) WAIT.toMillis())).isEqualTo(1);
                return sendmsg(fd, 10);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
