package io.sendgate.jna.posix;

import io.sendgate.core.WsaError;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.NativeSocketsContract;
import io.sendgate.core.port.RecordingCompletion;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.JnaMemory;
import io.sendgate.testing.LoopbackPeers.Connection;
import io.sendgate.testing.LoopbackPeers.TcpServer;
import io.sendgate.testing.LoopbackPeers.UdpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

import static io.sendgate.testing.Bytes.concat;
import static io.sendgate.testing.Bytes.random;
import static io.sendgate.testing.LoopbackPeers.WAIT;
import static io.sendgate.testing.LoopbackPeers.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The send and receive contract, kept by the libc driver on epoll, and what only this driver can show. */
@EnabledOnOs(OS.LINUX)
class PosixSocketsContractTests extends NativeSocketsContract {

    @Override
    protected NativeSockets startDriver() {
        return PosixSockets.start();
    }

    @Override
    protected boolean takesPartOfALargeSendNow() {
        return true;
    }

    @Override
    protected boolean reportsReceiveProgress() {
        return true;
    }

    private PosixSockets driver() {
        return (PosixSockets) sockets;
    }

    @Test
    void abandoningAConnectStillInProgressClosesItsDescriptor() throws Exception {
        // C38: the caller's timeout cancels the connect future; the driver then closes the descriptor and
        // forgets it. A listener whose backlog is full drops SYNs, so the handshake stays in progress.
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, loopback(false))) {
            List<java.nio.channels.SocketChannel> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(full.getLocalSocketAddress());
                    fillers.add(c);
                }
                int watchedBefore = driver().loop().registered();
                var connecting = sockets.connectStream((InetSocketAddress) full.getLocalSocketAddress(), SocketOptions.DEFAULTS);
                assertThat(connecting).as("the handshake is still in progress").isNotDone();
                assertThat(driver().loop().registered()).isEqualTo(watchedBefore + 1);
                connecting.cancel(false);
                assertThat(driver().loop().registered()).isEqualTo(watchedBefore);
            } finally {
                for (var c : fillers) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aSendOnALoopThatStoppedEndsWithNetDownAndLaterOnesFailAtOnce() throws Exception {
        // C30, C34: the epoll thread can die (epoll_wait failing); a pending send must then end, never stay
        // pending, and the driver must say it is unavailable. Closing epoll's own descriptor makes it fail.
        Pair p = connectedPair(false, new SocketOptions(4096, null, null), 4096);
        Started pending = start(p.socket(), NO_FLAGS, random(1 << 20, 70));
        assertThat(pending.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        driver().libc().close(driver().epollFdForTests());
        // epoll_wait only notices a closed descriptor when it is called again: wake it with readiness
        p.peer().drain();
        pending.completion().await(WAIT);
        assertThat(pending.completion().error()).isEqualTo(WsaError.WSAENETDOWN);
        // the thread meets the closed descriptor at its next epoll_wait
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sockets.available() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sockets.available()).isFalse();
        IoStart later = start(p.socket(), NO_FLAGS, random(1 << 20, 71)).start();
        assertThat(later.outcome()).isIn(IoStart.Outcome.FAILED, IoStart.Outcome.COMPLETED);
        if (later.outcome() == IoStart.Outcome.FAILED) {
            assertThat(later.failure().error()).isEqualTo(WsaError.WSAENETDOWN);
        }
    }

    @Test
    void aFailedSendKeepsTheCallAndItsErrnoText() {
        // C24, C31: the send path's failure keeps the errno and strerror, as the open path's does
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.peer().reset();
        RecordingCompletion failed = null;
        for (int i = 0; i < 50 && failed == null; i++) {
            Started s = start(p.socket(), NO_FLAGS, random(64 * 1024, 80 + i));
            if (s.start().outcome() == IoStart.Outcome.FAILED) {
                assertThat(s.start().failure().detail()).startsWith("sendmsg failed with error(").contains("):");
                return;
            }
            if (s.start().outcome() == IoStart.Outcome.PENDING) {
                failed = s.completion().await(WAIT);
            }
        }
        assertThat(failed).as("a send failed after the reset").isNotNull();
        assertThat(failed.detail()).startsWith("sendmsg failed with error(").contains("):");
    }

    @Test
    void everySocketIsNonBlockingUnderneath() {
        // C12, C13: blocking and non-blocking modes are emulated above descriptors that never block
        TcpServer server = closeLater(TcpServer.listen(false, null));
        NativeListener listener = listen(true);
        closeLater(Connection.connect(inet(listener.local())));
        List<NativeSocket> all = List.of(
                closeLater(connect(server.address(), new SocketOptions(8192, false, true))),
                closeLater(sockets.unconnectedStream(true, SocketOptions.DEFAULTS)),
                closeLater(sockets.datagram(null, false, SocketOptions.DEFAULTS)),
                closeLater(sockets.datagram(UdpPeer.closedPort(true), true, SocketOptions.DEFAULTS)),
                closeLater(accept(listener, WAIT, SocketOptions.DEFAULTS)));

        for (NativeSocket s : all) {
            assertThat(driver().isNonBlocking(((PosixSocket) s).fd())).as("O_NONBLOCK on %s %s", s.kind(), s.local()).isTrue();
        }
        // The probe can say no: a socket made without SOCK_NONBLOCK.
        int blocking = driver().libc().socket(LibC.AF_INET, LibC.SOCK_STREAM, 0);
        try {
            assertThat(blocking).isNotNegative();
            assertThat(driver().isNonBlocking(blocking)).isFalse();
        } finally {
            driver().libc().close(blocking);
        }
    }

    @Test
    void cancelStopsAPendingSendAtOnceAndTheSocketGoesOn() {
        // C21: the libc driver holds the send itself, so cancelSend always stops it here: a count, never a
        // completion, even once the socket is writable again, and the stream stays usable behind it
        Pending p = pendingSend(10, NO_FLAGS, 1);
        Cancelled c = cancel(p);
        assertThat(c.atOnce()).isTrue();
        assertThat(p.socket().cancelSend()).isEmpty();

        p.peer().drain();
        p.peer().awaitBytes(c.went());
        byte[] tail = random(100, 11);
        bytesOf(start(p.socket(), NO_FLAGS, tail));
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), concat(Arrays.copyOf(p.data(), (int) c.went()), tail));
        assertThat(p.completion().calls()).isZero();
    }

    @Test
    void everyPathGivesTheSendBuffersBackExactlyOnce() {
        // C11, C21, C22, C25: the payload stays allocated while the driver holds it, and every way a send
        // ends hands it back so its owner frees it; a second free changes nothing
        long before = JnaMemory.liveBytes();

        Pair quick = connectedPair(false, SocketOptions.DEFAULTS, null);
        assertThat(start(quick.socket(), NO_FLAGS, random(1000, 1)).start()).isEqualTo(IoStart.completed(1000));
        Started refused = start(closeLater(sockets.unconnectedStream(false, SocketOptions.DEFAULTS)), NO_FLAGS, random(10, 2));
        assertThat(refused.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);

        Pending completed = pendingSend(3, NO_FLAGS, 3);
        Pending reset = pendingSend(4, NO_FLAGS, 1);
        Pending closed = pendingSend(5, NO_FLAGS, 1);
        Pending cancelled = pendingSend(6, NO_FLAGS, 1);
        assertThat(JnaMemory.liveBytes()).isEqualTo(before + 4L * BIG);

        completed.peer().drain();
        reset.peer().reset();
        closed.socket().close();
        cancelled.socket().cancelSend().orElseThrow();
        cancelled.send().payload().close();
        for (Pending p : List.of(completed, reset, closed)) {
            p.completion().await(WAIT);
        }
        assertThat(JnaMemory.liveBytes()).isEqualTo(before);

        for (Pending p : List.of(completed, reset, closed, cancelled)) {
            p.send().payload().close();
        }
        refused.payload().close();
        assertThat(JnaMemory.liveBytes()).isEqualTo(before);
    }

    @Test
    void closingADriverTwiceLeavesTheDriverStartedAfterItAlone() {
        // C23 (stopping the service): a repeated close must not reach descriptors that now belong to another
        // driver; the kernel hands freed descriptor numbers to the next epoll_create1 and eventfd
        NativeSockets stopped = sockets;
        stopped.close();
        sockets = PosixSockets.start();
        stopped.close();

        assertThat(sockets.available()).isTrue();
        Pending p = pendingSend(7, NO_FLAGS, 2);
        p.peer().drain();
        assertThat(p.completion().await(WAIT).bytes()).isEqualTo(BIG);
        assertThat(p.completion().error()).isNull();
    }

    @Test
    void aCompletionThatThrowsDoesNotStopTheEpollThread() {
        // C11: one broken completion must not leave every later pending send of the pool without its own
        Pair first = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        Payload thrower = payload(random(BIG, 8));
        java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
        IoStart start = first.socket().startSend(thrower, NO_FLAGS, (bytes, error) -> {
            called.countDown();
            throw new IllegalStateException("a completion that fails");
        });
        assertThat(start.outcome()).isEqualTo(IoStart.Outcome.PENDING);
        first.peer().drain();
        assertThat(first.peer().awaitBytes(BIG)).hasSize(BIG);

        Pending next = pendingSend(9, NO_FLAGS, 1);
        next.peer().drain();
        assertThat(next.completion().await(WAIT).bytes()).isEqualTo(BIG);
        assertThat(called.getCount()).isZero();
        assertThat(sockets.available()).isTrue();
    }

    @ParameterizedTest(name = "by close={0}")
    @ValueSource(booleans = {false, true})
    void aSendCompletionThatThrowsDoesNotCostTheReceiveItsCompletion(boolean byClose) {
        // C22, C25, C42: a send and a receive that end together, in one readiness event (a reset) or one close,
        // each get their completion, also when the one called first throws
        Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        IoStart send = p.socket().startSend(payload(random(BIG, 12)), NO_FLAGS, (bytes, error) -> {
            throw new IllegalStateException("a completion that fails");
        });
        assertThat(send.outcome()).isEqualTo(IoStart.Outcome.PENDING);
        Receiving r = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);

        if (byClose) {
            assertThat(catchThrowable(p.socket()::close)).hasMessage("a completion that fails");
        } else {
            p.peer().reset();
        }
        assertThat(ended(r).error()).isEqualTo(byClose ? WsaError.WSA_OPERATION_ABORTED : WsaError.WSAECONNRESET);
        p.socket().close();
        assertThat(r.completion().calls()).isEqualTo(1);
    }

    @Test
    void theEpollThreadEndsWhenTheDriverCloses() {
        // C23
        assertThat(sockets.available()).isTrue();
        NativeSockets stopped = sockets;
        sockets = PosixSockets.start();
        stopped.close();
        assertThat(stopped.available()).isFalse();
    }
}
