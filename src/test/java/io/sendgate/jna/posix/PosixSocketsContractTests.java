package io.sendgate.jna.posix;

import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.NativeSocketsContract;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendStart;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.JnaMemory;
import io.sendgate.testing.LoopbackPeers.Connection;
import io.sendgate.testing.LoopbackPeers.TcpServer;
import io.sendgate.testing.LoopbackPeers.UdpPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Arrays;
import java.util.List;

import static io.sendgate.testing.Bytes.concat;
import static io.sendgate.testing.Bytes.random;
import static io.sendgate.testing.LoopbackPeers.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** The send contract, kept by the libc driver on epoll, and what only this driver can show. */
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

    private PosixSockets driver() {
        return (PosixSockets) sockets;
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
        assertThat(start(quick.socket(), NO_FLAGS, random(1000, 1)).start()).isEqualTo(SendStart.completed(1000));
        Started refused = start(closeLater(sockets.unconnectedStream(false, SocketOptions.DEFAULTS)), NO_FLAGS, random(10, 2));
        assertThat(refused.start().outcome()).isEqualTo(SendStart.Outcome.FAILED);

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
        SendStart start = first.socket().startSend(thrower, NO_FLAGS, (bytes, error) -> {
            called.countDown();
            throw new IllegalStateException("a completion that fails");
        });
        assertThat(start.outcome()).isEqualTo(SendStart.Outcome.PENDING);
        first.peer().drain();
        assertThat(first.peer().awaitBytes(BIG)).hasSize(BIG);

        Pending next = pendingSend(9, NO_FLAGS, 1);
        next.peer().drain();
        assertThat(next.completion().await(WAIT).bytes()).isEqualTo(BIG);
        assertThat(called.getCount()).isZero();
        assertThat(sockets.available()).isTrue();
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
