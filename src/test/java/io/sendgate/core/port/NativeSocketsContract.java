package io.sendgate.core.port;

import io.sendgate.core.ByteBudget;
import io.sendgate.core.Limits;
import io.sendgate.core.PayloadBuilder;
import io.sendgate.core.PayloadFactory;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.testing.LoopbackPeers.Connection;
import io.sendgate.testing.LoopbackPeers.TcpServer;
import io.sendgate.testing.LoopbackPeers.UdpPeer;
import io.sendgate.testing.LoopbackPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.sendgate.testing.Bytes.concat;
import static io.sendgate.testing.Bytes.random;
import static io.sendgate.testing.LoopbackPeers.WAIT;
import static io.sendgate.testing.LoopbackPeers.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The send and receive contract as every driver must keep it, written once against the port and run
 * against each driver the machine has (a subclass per driver supplies it). Real sockets on loopback only,
 * with peers in plain Java that send known bytes and check every byte. Nothing here may know which
 * platform it runs on.
 */
public abstract class NativeSocketsContract {
    protected static final Set<SendFlag> NO_FLAGS = Set.of();
    /** Small enough that {@link #BIG} cannot fit in the socket buffers of both ends. */
    protected static final SocketOptions SMALL_SEND_BUFFER = new SocketOptions(4096, true, null);
    protected static final int SMALL_RECEIVE_BUFFER = 4096;
    protected static final int BIG = 4 << 20;
    protected static final int UDP_MAX_IPV4 = 65507;
    protected static final int UDP_MAX_IPV6 = 65527;

    protected NativeSockets sockets;
    private PayloadFactory payloads;
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    private final List<Payload> ownedPayloads = new ArrayList<>();

    /** A started driver; the suite closes it after each test, once every socket it opened is closed. */
    protected abstract NativeSockets startDriver();

    @BeforeEach
    final void startTheDriver() {
        sockets = startDriver();
        Limits d = Limits.defaults();
        // C6: N is configurable; the tests need well past IOV_MAX buffers in one send.
        Limits roomy = new Limits(d.maxSockets(), d.maxListeners(), 10_000, 64L << 20, Long.MAX_VALUE,
                d.maxPendingPerSocket(), d.maxRequestBytes(), d.maxWait(), d.connectTimeout(),
                d.retainedOperations(), d.operationRetention(), d.maxWaits(), d.maxControlRequestBytes(), d.maxConcurrentBodies());
        payloads = new PayloadFactory(sockets, new ByteBudget(Long.MAX_VALUE), roomy);
    }

    @AfterEach
    final void stopTheDriver() {
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception ignored) {
                // the test may have closed it already; the driver is closed next either way
            }
        }
        // Freed only now that no socket can still be sending from them.
        ownedPayloads.forEach(Payload::close);
        sockets.close();
    }

    /**
     * Whether a non-blocking send larger than both ends' buffers is taken only in part (BSD sockets take what
     * fits); Winsock may instead accept it whole while any room is left, which C13 allows as well.
     */
    protected boolean takesPartOfALargeSendNow() {
        return false;
    }

    /**
     * Whether {@link NativeSocket#receiveProgress} tells the bytes a pending receive has so far (a driver that
     * fills the buffers itself); where the platform tells only at completion it is always 0.
     */
    protected boolean reportsReceiveProgress() {
        return false;
    }

    // ---------------------------------------------------------------- C1, C2, C3: opening sockets

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void connectStreamReachesThePeerAndReportsBothEnds(boolean ipv6) {
        // C1
        TcpServer server = closeLater(TcpServer.listen(ipv6, null));
        NativeSocket s = closeLater(connect(server.address(), SocketOptions.DEFAULTS));
        Connection peer = closeLater(server.accept());

        assertThat(s.kind()).isEqualTo(SocketKind.TCP);
        assertThat(inet(s.remote())).isEqualTo(server.address());
        assertThat(inet(s.local())).isEqualTo(peer.socket().getRemoteSocketAddress());

        byte[] data = random(1000, 1);
        assertThat(start(s, NO_FLAGS, data).start()).isEqualTo(IoStart.completed(1000));
        assertSameBytes(peer.awaitBytes(1000), data);
    }

    @Test
    void connectStreamToAClosedPortIsRefused() {
        // C1, C31: a TCP RST to the SYN is ECONNREFUSED, which Windows names WSAECONNREFUSED
        InetSocketAddress nobody = TcpServer.closedPort(false);
        WsaException e = catchThrowableOfType(WsaException.class,
                () -> closeLater(connect(nobody, SocketOptions.DEFAULTS)));
        assertThat(e).isNotNull();
        assertThat(e.error()).isEqualTo(WsaError.WSAECONNREFUSED);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void datagramSendsGoToItsDefaultPeer(boolean ipv6) {
        // C2
        UdpPeer peer = closeLater(UdpPeer.bind(ipv6));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), ipv6, SocketOptions.DEFAULTS));

        assertThat(s.kind()).isEqualTo(SocketKind.UDP);
        assertThat(inet(s.remote())).isEqualTo(peer.address());
        byte[] data = random(512, 2);
        assertThat(start(s, NO_FLAGS, data).start()).isEqualTo(IoStart.completed(512));

        LoopbackPeers.Datagram got = peer.receive();
        assertSameBytes(got.data(), data);
        assertThat(got.from()).isEqualTo(inet(s.local()));
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void listenerOnPortZeroReportsItsPortAndAcceptsAConnection(boolean ipv6) {
        // C3
        NativeListener listener = listen(ipv6);
        assertThat(listener.local().port()).isPositive();
        assertThat(listener.local().address()).isEqualTo(loopback(ipv6));

        Connection client = closeLater(Connection.connect(inet(listener.local())));
        NativeSocket accepted = closeLater(accept(listener, WAIT, SocketOptions.DEFAULTS));

        assertThat(accepted).isNotNull();
        assertThat(accepted.kind()).isEqualTo(SocketKind.TCP);
        assertThat(inet(accepted.local())).isEqualTo(inet(listener.local()));
        assertThat(inet(accepted.remote())).isEqualTo(client.socket().getLocalSocketAddress());
        byte[] data = random(4096, 3);
        assertThat(start(accepted, NO_FLAGS, data).start()).isEqualTo(IoStart.completed(4096));
        assertSameBytes(client.awaitBytes(4096), data);
    }

    @Test
    void theReferenceExampleRunsAsWritten() {
        // C3: WSASend's own example: listen, accept one client, send 4096 bytes ten times overlapped, waiting
        // for each completion before the next
        NativeListener listener = listen(false);
        Connection client = closeLater(Connection.connect(inet(listener.local())));
        NativeSocket accepted = closeLater(accept(listener, WAIT, SocketOptions.DEFAULTS));
        client.drain();

        byte[][] sends = new byte[10][];
        for (int i = 0; i < sends.length; i++) {
            sends[i] = random(4096, 200 + i);
            assertThat(bytesOf(start(accepted, NO_FLAGS, sends[i]))).isEqualTo(4096);
        }
        accepted.close();
        assertSameBytes(client.readToEnd(), concat(sends));
    }

    @Test
    void acceptGivesNullWhenNoConnectionComesInTime() {
        // C3
        NativeListener listener = listen(false);
        assertThat(accept(listener, Duration.ofMillis(150), SocketOptions.DEFAULTS)).isNull();
    }

    @Test
    void closingTheListenerCallsItsWaiterBack() throws Exception {
        // C3, C23: the port's NativeListener.close: whoever waits to hear of a connection hears at once, and
        // then finds nothing to accept
        NativeListener listener = listen(false);
        CountDownLatch called = new CountDownLatch(1);
        listener.whenAcceptable(called::countDown);
        listener.close();
        assertThat(called.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(listener.acceptNow(SocketOptions.DEFAULTS)).isNull();
    }

    @Test
    void aListenerCallsBackWhenAConnectionWaitsAndNeverFromInsideTheCall() throws Exception {
        // C3, C38: accepting holds no thread: the driver calls back once a connection waits
        NativeListener listener = listen(false);
        assertThat(listener.acceptNow(SocketOptions.DEFAULTS)).isNull();
        CountDownLatch called = new CountDownLatch(1);
        AtomicReference<Thread> caller = new AtomicReference<>();
        listener.whenAcceptable(() -> {
            caller.set(Thread.currentThread());
            called.countDown();
        });
        Thread.sleep(100);
        assertThat(called.getCount()).as("no callback before a connection waits").isEqualTo(1);
        closeLater(Connection.connect(inet(listener.local())));
        assertThat(called.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(caller.get()).isNotSameAs(Thread.currentThread());
        assertThat(closeLater(listener.acceptNow(SocketOptions.DEFAULTS))).isNotNull();
    }

    @Test
    void optionsSetAfterAcceptAreAppliedAndReadBack() {
        // C4, C45: a listener may take a connection before a caller asks for it with its attributes
        NativeListener listener = listen(false);
        closeLater(Connection.connect(inet(listener.local())));
        NativeSocket accepted = closeLater(accept(listener, WAIT, SocketOptions.DEFAULTS));
        accepted.configure(new SocketOptions(32768, true, true));
        assertThat(accepted.effectiveOptions().sendBufferBytes()).isBetween(32768, 2 * 32768);
        assertThat(accepted.effectiveOptions().noDelay()).isTrue();
        assertThat(accepted.effectiveOptions().keepAlive()).isTrue();
    }

    @Test
    void abortResetsThePeer() throws Exception {
        // C40: a refused connection is closed with SO_LINGER {1, 0}: its peer sees a reset, not an orderly end
        NativeListener listener = listen(false);
        Connection client = closeLater(Connection.connect(inet(listener.local())));
        NativeSocket accepted = accept(listener, WAIT, SocketOptions.DEFAULTS);
        accepted.abort();
        client.readToEnd();
        assertThat(client.failure()).as("the peer's read fails with a reset").isNotNull();
    }

    // ---------------------------------------------------------------- C4: options

    @ParameterizedTest(name = "noDelay and keepAlive = {0}")
    @ValueSource(booleans = {false, true})
    void streamOptionsAreAppliedAndReadBack(boolean on) {
        // C4: both values of each flag, so an option that is ignored fails one of the two runs
        int sndbuf = on ? 32768 : 49152;
        SocketOptions asked = new SocketOptions(sndbuf, on, on);
        TcpServer server = closeLater(TcpServer.listen(false, null));
        NativeSocket connected = closeLater(connect(server.address(), asked));
        NativeListener listener = listen(false);
        closeLater(Connection.connect(inet(listener.local())));
        NativeSocket accepted = closeLater(accept(listener, WAIT, asked));

        for (NativeSocket s : List.of(connected, accepted)) {
            SocketOptions got = s.effectiveOptions();
            // Winsock reports SO_SNDBUF as set; Linux reports twice that (its bookkeeping overhead).
            assertThat(got.sendBufferBytes()).isBetween(sndbuf, 2 * sndbuf);
            assertThat(got.noDelay()).isEqualTo(on);
            assertThat(got.keepAlive()).isEqualTo(on);
            assertThat(s.maxMessageSize()).isNull();
        }
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void datagramOptionsAndLargestMessage(boolean ipv6) {
        // C4: SO_MAX_MSG_SIZE is 65507 over IPv4 and 65527 over IPv6; TCP_NODELAY and keep-alive are stream-only
        UdpPeer peer = closeLater(UdpPeer.bind(ipv6));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), ipv6, new SocketOptions(32768, true, true)));

        assertThat(s.maxMessageSize()).isEqualTo(ipv6 ? UDP_MAX_IPV6 : UDP_MAX_IPV4);
        assertThat(s.effectiveOptions().sendBufferBytes()).isBetween(32768, 2 * 32768);
        assertThat(s.effectiveOptions().noDelay()).isNull();
        assertThat(s.effectiveOptions().keepAlive()).isNull();
    }

    // ---------------------------------------------------------------- C6: scatter-gather

    @ParameterizedTest(name = "small send buffer={0}")
    @ValueSource(booleans = {false, true})
    void thousandsOfBuffersReachTheStreamPeerInOrder(boolean smallSendBuffer) {
        // C6: 3000 buffers is past IOV_MAX (1024), with empty ones among them; a small send buffer makes the
        // driver resume from inside a buffer, in later batches of the iovec array
        Pair p = connectedPair(false, smallSendBuffer ? SMALL_SEND_BUFFER : SocketOptions.DEFAULTS,
                smallSendBuffer ? SMALL_RECEIVE_BUFFER : null);
        byte[][] buffers = new byte[3000][];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = random(i % 7 == 0 ? 0 : (i * 31) % 700 + 1, 100 + i);
        }
        byte[] all = concat(buffers);

        Started send = start(p.socket(), NO_FLAGS, buffers);
        p.peer().drain();
        assertThat(bytesOf(send)).isEqualTo(all.length);
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), all);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void severalBuffersLeaveAsOneDatagram(boolean ipv6) {
        // C6: on UDP the concatenation is one datagram; two sends are two datagrams
        UdpPeer peer = closeLater(UdpPeer.bind(ipv6));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), ipv6, SocketOptions.DEFAULTS));
        byte[][] first = {random(5, 10), new byte[0], random(300, 11), new byte[0], random(1, 12)};
        byte[][] second = {random(70, 13), random(2, 14)};

        assertThat(start(s, NO_FLAGS, first).start()).isEqualTo(IoStart.completed(306));
        assertThat(start(s, NO_FLAGS, second).start()).isEqualTo(IoStart.completed(72));

        assertSameBytes(peer.receive().data(), concat(first));
        assertSameBytes(peer.receive().data(), concat(second));
    }

    @Test
    void moreBuffersThanIovMaxStillLeaveAsOneDatagram() {
        // C6: a datagram cannot be split across calls, however many buffers describe it
        UdpPeer peer = closeLater(UdpPeer.bind(false));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), false, SocketOptions.DEFAULTS));
        byte[][] buffers = new byte[2500][];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = random(i % 5 == 0 ? 0 : i % 20 + 1, i);
        }
        byte[] all = concat(buffers);

        assertThat(start(s, NO_FLAGS, buffers).start()).isEqualTo(IoStart.completed(all.length));
        assertSameBytes(peer.receive().data(), all);
    }

    @Test
    void anEmptySendIsAnEmptyDatagram() {
        // C6: zero-length buffers are allowed, and on UDP even an empty send is a datagram
        UdpPeer peer = closeLater(UdpPeer.bind(false));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), false, SocketOptions.DEFAULTS));
        byte[] marker = random(9, 15);

        assertThat(start(s, NO_FLAGS, new byte[0], new byte[0]).start()).isEqualTo(IoStart.completed(0));
        assertThat(start(s, NO_FLAGS, marker).start()).isEqualTo(IoStart.completed(9));

        assertThat(peer.receive().data()).isEmpty();
        assertSameBytes(peer.receive().data(), marker);
    }

    // ---------------------------------------------------------------- C11, C13, C14: modes

    @Test
    void aSmallSendCompletesAtOnceWithoutACompletionCall() {
        // C11: WSASend's return 0: COMPLETED with every byte; no completion event follows (C14's twin)
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] a = random(1000, 20);
        byte[] b = random(1000, 27);
        Started send = start(p.socket(), NO_FLAGS, a, new byte[0], b);

        assertThat(send.start()).isEqualTo(IoStart.completed(2000));
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), concat(a, b));
        assertThat(send.completion().calls()).isZero();
    }

    @Test
    void aSendLargerThanTheBuffersIsPendingAndCompletesOnceWithEveryByte() {
        // C11: PENDING when the peer does not read, then exactly one completion with every byte
        Pending p = pendingSend(21, NO_FLAGS, 7);
        // The peer has not read, so the send cannot have ended yet.
        assertThat(p.completion().calls()).isZero();

        p.peer().drain();
        p.completion().await(WAIT);
        assertThat(p.completion().error()).isNull();
        assertThat(p.completion().bytes()).isEqualTo(BIG);
        assertThat(p.completion().caller()).isNotSameAs(Thread.currentThread());
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), p.data());
        assertThat(p.completion().calls()).isEqualTo(1);
    }

    @Test
    void theNextSendMayStartFromInsideACompletion() {
        // C7, C18: the core starts a socket's next send from the completion of the one before, so the driver
        // must call it holding no lock of its own
        Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        byte[] first = random(BIG, 22);
        byte[] second = random(BIG / 2, 23);
        Payload secondPayload = payload(second);
        RecordingCompletion secondDone = new RecordingCompletion(secondPayload);
        CompletableFuture<IoStart> secondStart = new CompletableFuture<>();
        Payload firstPayload = payload(first);
        IoStart firstStart = p.socket().startSend(firstPayload, NO_FLAGS, (bytes, error) -> {
            firstPayload.close();
            secondStart.complete(p.socket().startSend(secondPayload, NO_FLAGS, secondDone));
        });
        assertThat(firstStart.outcome()).isEqualTo(IoStart.Outcome.PENDING);

        p.peer().drain();
        IoStart next = secondStart.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        if (next.outcome() == IoStart.Outcome.PENDING) {
            assertThat(secondDone.await(WAIT).bytes()).isEqualTo(second.length);
        } else {
            assertThat(next).isEqualTo(IoStart.completed(second.length));
        }
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), concat(first, second));
    }

    @Test
    void sendNowTakesWhatFitsThenWouldBlock() {
        // C13: counts that are exact to the byte, and WSAEWOULDBLOCK once nothing fits
        Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        ByteArrayOutputStream taken = new ByteArrayOutputStream();
        byte[] first = random(BIG, 24);

        long n = sendNow(p.socket(), first);
        assertThat(n).isPositive().isLessThanOrEqualTo(BIG);
        if (takesPartOfALargeSendNow()) {
            assertThat(n).as("a partial count").isLessThan(BIG);
        }
        taken.write(first, 0, (int) n);

        WsaException full = null;
        for (int i = 0; i < 1000 && full == null; i++) {
            byte[] more = random(64 * 1024, 25 + i);
            try {
                taken.write(more, 0, (int) sendNow(p.socket(), more));
            } catch (WsaException e) {
                full = e;
            }
        }
        assertThat(full).isNotNull();
        assertThat(full.error()).isEqualTo(WsaError.WSAEWOULDBLOCK);

        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), taken.toByteArray());
    }

    @Test
    void sendNowTakesASmallSendWhole() {
        // C13
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] data = random(3000, 26);
        assertThat(sendNow(p.socket(), data)).isEqualTo(3000);
        assertSameBytes(p.peer().awaitBytes(3000), data);
    }

    @Test
    void aPendingSendKeepsItsBuffersAliveWhenTheCallerDropsThem() throws InterruptedException {
        // C8: once a send is accepted the caller owes nothing, not even a reference: the driver owns the buffers
        // until the completion, so a garbage collection meanwhile must not free them under the transport
        Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        byte[] data = random(BIG, 28);
        RecordingCompletion completion = new RecordingCompletion(null);
        IoStart start = p.socket().startSend(captured(split(data, 4)), NO_FLAGS, completion);
        assertThat(start.outcome()).isEqualTo(IoStart.Outcome.PENDING);
        for (int i = 0; i < 5; i++) {
            System.gc();
            // the cleaner that frees unreachable native memory runs on its own thread
            Thread.sleep(50);
        }

        p.peer().drain();
        completion.await(WAIT);
        assertThat(completion.error()).isNull();
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), data);
    }

    // ---------------------------------------------------------------- C10: flags

    @ParameterizedTest(name = "OOBInline={0}")
    @ValueSource(booleans = {false, true})
    void msgOobMakesTheLastByteUrgent(boolean inline) throws Exception {
        // C10: MSG_OOB on TCP; a peer that does not take urgent data inline reads all but the last byte
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.peer().socket().setOOBInline(inline);
        byte[] data = random(1000, 30);

        byte[][] buffers = Arrays.copyOf(split(data, 3), 4);
        buffers[3] = new byte[0];
        assertThat(start(p.socket(), EnumSet.of(SendFlag.MSG_OOB), buffers).start())
                .isEqualTo(IoStart.completed(1000));
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), inline ? data : Arrays.copyOf(data, 999));
    }

    @Test
    void msgOobOnAPendingSendMarksOnlyItsLastByte() {
        // C10: a send that goes out in many pieces is still one WSASend: only its very last byte is urgent
        Pending p = pendingSend(31, EnumSet.of(SendFlag.MSG_OOB), 1500);
        p.peer().drain();
        assertThat(p.completion().await(WAIT).bytes()).isEqualTo(BIG);
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), Arrays.copyOf(p.data(), BIG - 1));
    }

    @Test
    void msgOobOnADatagramIsNotSupported() {
        // C10, C14
        UdpPeer peer = closeLater(UdpPeer.bind(false));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), false, SocketOptions.DEFAULTS));
        Started send = start(s, EnumSet.of(SendFlag.MSG_OOB), random(10, 32));

        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(send.start().failure().error()).isEqualTo(WsaError.WSAEOPNOTSUPP);
        s.close();
        assertThat(send.completion().calls()).isZero();
    }

    @Test
    void msgPartialIsNotSupportedByTcpNorUdp() {
        // C10, C14: refused the way the port reports a failed start, and nothing goes out
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        UdpPeer udpPeer = closeLater(UdpPeer.bind(false));
        NativeSocket udp = closeLater(sockets.datagram(udpPeer.address(), false, SocketOptions.DEFAULTS));

        for (NativeSocket s : List.of(p.socket(), udp)) {
            Started send = start(s, EnumSet.of(SendFlag.MSG_PARTIAL), random(10, 34));
            assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
            assertThat(send.start().failure().error()).isEqualTo(WsaError.WSAEOPNOTSUPP);
            assertThat(send.completion().calls()).isZero();
            assertThat(wsaErrorOf(() -> {
                try (Payload one = payload(random(10, 35))) {
                    s.sendNow(one, EnumSet.of(SendFlag.MSG_PARTIAL));
                }
            })).isEqualTo(WsaError.WSAEOPNOTSUPP);
        }
        byte[] marker = random(3, 36);
        assertThat(start(udp, NO_FLAGS, marker).start()).isEqualTo(IoStart.completed(3));
        assertSameBytes(udpPeer.receive().data(), marker);
        p.socket().close();
        assertThat(p.peer().readToEnd()).isEmpty();
    }

    @Test
    void msgDontRouteOnLoopbackSucceeds() {
        // C10: loopback is directly connected, so MSG_DONTROUTE changes nothing that can be seen
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        UdpPeer udpPeer = closeLater(UdpPeer.bind(false));
        NativeSocket udp = closeLater(sockets.datagram(udpPeer.address(), false, SocketOptions.DEFAULTS));
        byte[] data = random(700, 33);

        assertThat(start(p.socket(), EnumSet.of(SendFlag.MSG_DONTROUTE), data).start()).isEqualTo(IoStart.completed(700));
        assertThat(start(udp, EnumSet.of(SendFlag.MSG_DONTROUTE), data).start()).isEqualTo(IoStart.completed(700));
        assertSameBytes(p.peer().awaitBytes(700), data);
        assertSameBytes(udpPeer.receive().data(), data);
    }

    // ---------------------------------------------------------------- C20, C27, C31: sends that cannot go

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void aStreamThatWasNeverConnectedIsNotConnected(boolean ipv6) {
        // C27, C14
        NativeSocket s = closeLater(sockets.unconnectedStream(ipv6, SocketOptions.DEFAULTS));
        assertThat(s.remote()).isNull();

        Started send = start(s, NO_FLAGS, random(8, 40));
        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(send.start().failure().error()).isEqualTo(WsaError.WSAENOTCONN);
        assertThat(wsaErrorOf(() -> sendNow(s, random(8, 41)))).isEqualTo(WsaError.WSAENOTCONN);
        s.close();
        assertThat(send.completion().calls()).isZero();
    }

    @Test
    void aDatagramWithoutDefaultPeerIsNotConnected() {
        // C2, C31: WSASend (not WSASendTo) on a UDP socket with no default peer is WSAENOTCONN on Windows
        NativeSocket s = closeLater(sockets.datagram(null, false, SocketOptions.DEFAULTS));
        assertThat(s.remote()).isNull();

        Started send = start(s, NO_FLAGS, random(8, 42));
        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(send.start().failure().error()).isEqualTo(WsaError.WSAENOTCONN);
    }

    @Test
    void afterShutdownOfTheSendSideSendsFailWithShutdown() {
        // C20, C31: what went before the shutdown reaches the peer, then its end of stream
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] before = random(100, 43);
        assertThat(start(p.socket(), NO_FLAGS, before).start()).isEqualTo(IoStart.completed(100));

        p.socket().shutdown(ShutdownHow.SD_SEND);
        Started after = start(p.socket(), NO_FLAGS, random(5, 44));
        assertThat(after.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(after.start().failure().error()).isEqualTo(WsaError.WSAESHUTDOWN);
        assertThat(wsaErrorOf(() -> sendNow(p.socket(), random(5, 45)))).isEqualTo(WsaError.WSAESHUTDOWN);

        assertSameBytes(p.peer().readToEnd(), before);
        p.socket().close();
        assertThat(after.completion().calls()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ShutdownHow.class)
    void onlyShuttingTheSendSideStopsSends(ShutdownHow how) {
        // C20: SD_RECEIVE leaves sending alone; SD_SEND and SD_BOTH refuse every later send
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.socket().shutdown(how);
        byte[] data = random(50, 46);
        IoStart after = start(p.socket(), NO_FLAGS, data).start();

        if (how.closesSend()) {
            assertThat(after.outcome()).isEqualTo(IoStart.Outcome.FAILED);
            assertThat(after.failure().error()).isEqualTo(WsaError.WSAESHUTDOWN);
            assertThat(p.peer().readToEnd()).isEmpty();
        } else {
            assertThat(after).isEqualTo(IoStart.completed(50));
            assertSameBytes(p.peer().awaitBytes(50), data);
        }
    }

    @Test
    void shuttingDownAStreamThatWasNeverConnectedIsNotConn() {
        // C20, C27
        NativeSocket s = closeLater(sockets.unconnectedStream(false, SocketOptions.DEFAULTS));
        assertThat(wsaErrorOf(() -> s.shutdown(ShutdownHow.SD_SEND))).isEqualTo(WsaError.WSAENOTCONN);
    }

    // ---------------------------------------------------------------- C25, C26: the peer goes away

    @Test
    void aPeerResetFailsThePendingSendAndEveryLaterOne() {
        // C25
        Pending p = pendingSend(50, NO_FLAGS, 1);

        p.peer().reset();
        p.completion().await(WAIT);
        assertThat(p.completion().error()).isEqualTo(WsaError.WSAECONNRESET);
        assertThat(p.completion().bytes()).isLessThan(BIG);

        for (int i = 0; i < 3; i++) {
            Started later = start(p.socket(), NO_FLAGS, random(10, 51 + i));
            assertThat(later.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
            assertThat(later.start().failure().error()).isEqualTo(WsaError.WSAECONNRESET);
            assertThat(later.completion().calls()).isZero();
        }
        p.socket().close();
        assertThat(p.completion().calls()).isEqualTo(1);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void aDatagramToAClosedPortMakesALaterSendFailWithConnReset(boolean ipv6) throws InterruptedException {
        // C26: the first send goes; the ICMP port-unreachable it draws fails a later one
        NativeSocket s = closeLater(sockets.datagram(UdpPeer.closedPort(ipv6), ipv6, SocketOptions.DEFAULTS));
        assertThat(start(s, NO_FLAGS, random(16, 60)).start()).isEqualTo(IoStart.completed(16));

        IoStart failed = null;
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < 400 && failed == null && System.nanoTime() < deadline; i++) {
            Thread.sleep(25);
            IoStart next = start(s, NO_FLAGS, random(16, 61)).start();
            if (next.outcome() != IoStart.Outcome.COMPLETED) {
                failed = next;
            }
        }
        assertThat(failed).as("a send failed after the ICMP came back").isNotNull();
        assertThat(failed.outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(failed.failure().error()).isEqualTo(WsaError.WSAECONNRESET);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void aDatagramOverTheLargestSizeFailsAndSendsNothing(boolean ipv6) {
        // C26: one byte over SO_MAX_MSG_SIZE is WSAEMSGSIZE; exactly the largest size goes
        int max = ipv6 ? UDP_MAX_IPV6 : UDP_MAX_IPV4;
        UdpPeer peer = closeLater(UdpPeer.bind(ipv6));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), ipv6, SocketOptions.DEFAULTS));

        Started over = start(s, NO_FLAGS, random(max + 1, 62));
        assertThat(over.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(over.start().failure().error()).isEqualTo(WsaError.WSAEMSGSIZE);
        assertThat(wsaErrorOf(() -> sendNow(s, random(max + 1, 63)))).isEqualTo(WsaError.WSAEMSGSIZE);
        byte[] largest = random(max, 64);
        assertThat(start(s, NO_FLAGS, largest).start()).isEqualTo(IoStart.completed(max));

        // Loopback keeps datagrams in order: had the oversize ones gone, they would come first.
        assertSameBytes(peer.receive().data(), largest);
        s.close();
        assertThat(over.completion().calls()).isZero();
    }

    // ---------------------------------------------------------------- C21, C22: cancel and close

    @Test
    void cancellingAPendingSendReportsItOnceWithWhatWent() {
        // C21: either cancelSend stopped it (a count, and the completion never comes) or the completion is on
        // its way (exactly once, aborted); either way the count is what reached the peer, and no more follows
        Pending p = pendingSend(70, NO_FLAGS, 1);
        Cancelled c = cancel(p);
        assertThat(c.went()).isLessThan(BIG);

        assertSameBytes(p.peer().awaitBytes(c.went()), Arrays.copyOf(p.data(), (int) c.went()));
        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), Arrays.copyOf(p.data(), (int) c.went()));
        assertThat(p.completion().calls()).isEqualTo(c.atOnce() ? 0 : 1);
    }

    @Test
    void cancelWithNothingPendingIsEmpty() {
        // C21
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        assertThat(p.socket().cancelSend()).isEmpty();
        assertThat(start(p.socket(), NO_FLAGS, random(10, 72)).start()).isEqualTo(IoStart.completed(10));
        assertThat(p.socket().cancelSend()).isEmpty();
    }

    @Test
    void closingWithAPendingSendCompletesItOnceAborted() {
        // C22: the completion comes once, WSA_OPERATION_ABORTED, with the bytes that reached the transport
        Pending p = pendingSend(73, NO_FLAGS, 1);

        p.socket().close();
        p.completion().await(WAIT);
        assertThat(p.completion().error()).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
        long went = p.completion().bytes();
        assertThat(went).isLessThan(BIG);

        assertSameBytes(p.peer().readToEnd(), Arrays.copyOf(p.data(), (int) went));
        p.socket().close();
        assertThat(p.completion().calls()).isEqualTo(1);
    }

    @Test
    void cancellingThenClosingReportsTheSendOnce() {
        // C21, C22: the close finds nothing left to abort
        Pending p = pendingSend(74, NO_FLAGS, 1);
        Cancelled c = cancel(p);
        p.socket().close();

        assertSameBytes(p.peer().readToEnd(), Arrays.copyOf(p.data(), (int) c.went()));
        assertThat(p.completion().calls()).isEqualTo(c.atOnce() ? 0 : 1);
    }

    @ParameterizedTest(name = "by close={0}")
    @ValueSource(booleans = {false, true})
    void stoppingASendAsItEndsReportsItOnceWithTheBytesThePeerGot(boolean byClose) {
        // C21, C22: cancel or close races the completion thread's last continuation; whichever wins, the send
        // is reported once (cancel's count or one completion), never both, never half
        int size = 256 * 1024;
        for (int round = 0; round < 24; round++) {
            Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
            byte[] data = random(size, 90 + round);
            Started send = start(p.socket(), NO_FLAGS, data);
            assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
            p.peer().drain();
            // Early rounds stop it midway; later ones step through the last send buffer's worth of bytes,
            // where the completion thread is finishing it.
            p.peer().awaitBytes(round < 8 ? (long) size * round / 8 : size - (24 - round) * 1024L);

            long went;
            boolean reported;
            if (byClose) {
                p.socket().close();
                send.completion().await(WAIT);
                went = send.completion().bytes();
                assertThat(send.completion().error()).isIn(null, WsaError.WSA_OPERATION_ABORTED);
                reported = true;
            } else {
                OptionalLong cancelled = p.socket().cancelSend();
                reported = cancelled.isEmpty();
                if (reported) {
                    send.completion().await(WAIT);
                    assertThat(send.completion().error()).isIn(null, WsaError.WSA_OPERATION_ABORTED);
                    went = send.completion().bytes();
                } else {
                    went = cancelled.getAsLong();
                    send.payload().close();
                }
                p.socket().close();
            }
            if (send.completion().error() == null && reported) {
                assertThat(went).isEqualTo(size);
            }
            assertSameBytes(p.peer().readToEnd(), Arrays.copyOf(data, (int) went));
            assertThat(send.completion().calls()).as("round %d", round).isEqualTo(reported ? 1 : 0);
        }
    }

    @Test
    void aClosedSocketIsNoLongerASocket() {
        // C22
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.socket().close();

        Started send = start(p.socket(), NO_FLAGS, random(10, 75));
        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(send.start().failure().error()).isEqualTo(WsaError.WSAENOTSOCK);
        assertThat(wsaErrorOf(() -> sendNow(p.socket(), random(10, 76)))).isEqualTo(WsaError.WSAENOTSOCK);
        // C41: nor a socket that receives
        Receiving receive = receive(p.socket(), NO_RECEIVE_FLAGS, 10);
        assertThat(receive.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(receive.start().failure().error()).isEqualTo(WsaError.WSAENOTSOCK);
        assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 10).error()).isEqualTo(WsaError.WSAENOTSOCK);
        assertThat(p.socket().cancelReceive()).isEmpty();
        assertThat(receive.completion().calls()).isZero();
        assertThat(p.peer().readToEnd()).isEmpty();
    }

    // ---------------------------------------------------------------- C41, C42: receives on a stream

    @Test
    void aReceiveWithDataAlreadyThereCompletesAtOnce() {
        // C41: WSARecv's return 0: COMPLETED with the bytes that were there, and no completion call follows
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] data = random(300, 300);
        p.peer().write(data);
        awaitReadable(p.socket(), data.length);

        Receiving r = receive(p.socket(), NO_RECEIVE_FLAGS, 1000);
        assertThat(r.start()).isEqualTo(IoStart.completed(300));
        assertSameBytes(r.now().data(), data);
        p.socket().close();
        assertThat(r.completion().calls()).isZero();
    }

    @Test
    void aReceiveWithNothingThereIsPendingAndCompletesOnceWithTheBytes() {
        // C41: SOCKET_ERROR with WSA_IO_PENDING, then exactly one completion, from another thread, with the bytes
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        Receiving r = receive(p.socket(), NO_RECEIVE_FLAGS, 1000);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        assertThat(r.completion().calls()).isZero();

        byte[] data = random(300, 301);
        p.peer().write(data);
        Received got = ended(r);
        assertThat(got.error()).isNull();
        assertSameBytes(got.data(), data);
        assertThat(r.completion().caller()).isNotSameAs(Thread.currentThread());
        p.socket().close();
        assertThat(r.completion().calls()).isEqualTo(1);
    }

    @Test
    void receivesGiveTheStreamInOrderNoneLostNoneTwice() {
        // C42: 1 MiB written in pieces of random sizes, against receives of random sizes and shapes (several
        // buffers, empty ones, MSG_WAITALL, MSG_PEEK, non-blocking), each posted once the one before ended
        long seed = Long.getLong("sendgate.test.seed", System.nanoTime());
        System.out.println("receivesGiveTheStreamInOrderNoneLostNoneTwice: seed " + seed
                + " (-Dsendgate.test.seed=" + seed + " replays it)");
        Random dice = new Random(seed);
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] sent = random(1 << 20, seed);
        CompletableFuture<Void> writer = peerWritesThenCloses(p.peer(), sent, new Random(dice.nextLong()));

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (int round = 0; ; round++) {
            assertThat(round).as("seed %d: receives before the end of the stream", seed).isLessThan(1_000_000);
            int[] sizes = new int[1 + dice.nextInt(4)];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = i > 0 && dice.nextInt(4) == 0 ? 0 : 1 + dice.nextInt(dice.nextBoolean() ? 64 : 48 * 1024);
            }
            int shape = dice.nextInt(10);
            Set<ReceiveFlag> flags = shape == 0 ? EnumSet.of(ReceiveFlag.MSG_WAITALL)
                    : shape == 1 ? EnumSet.of(ReceiveFlag.MSG_PEEK) : NO_RECEIVE_FLAGS;
            Received r = shape == 2 ? receiveNow(p.socket(), flags, sizes) : ended(receive(p.socket(), flags, sizes));
            if (shape == 2 && r.error() == WsaError.WSAEWOULDBLOCK) {
                continue;
            }
            assertThat(r.error()).as("seed %d, round %d", seed, round).isNull();
            int at = got.size();
            byte[] expected = Arrays.copyOfRange(sent, at, (int) Math.min(sent.length, at + r.bytes()));
            assertThat(Arrays.mismatch(r.data(), expected)).as("seed %d, round %d: %d bytes at offset %d",
                    seed, round, r.bytes(), at).isEqualTo(-1);
            if (shape == 0 && r.bytes() < Arrays.stream(sizes).sum()) {
                assertThat(at + r.bytes()).as("seed %d: MSG_WAITALL short only at the end", seed).isEqualTo(sent.length);
            }
            if (flags.contains(ReceiveFlag.MSG_PEEK)) {
                continue;
            }
            if (r.bytes() == 0) {
                break;
            }
            got.writeBytes(r.data());
        }
        writer.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(got.size()).as("seed %d", seed).isEqualTo(sent.length);
    }

    @Test
    void theNextReceiveMayStartFromInsideACompletion() {
        // C42: the core posts a socket's next receive from the completion of the one before, so the driver must
        // call it holding no lock of its own; the bytes still come in order
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] sent = random(256 * 1024, 302);
        ReceiveChain chain = new ReceiveChain(p.socket());
        chain.post();
        CompletableFuture<Void> writer = peerWritesThenCloses(p.peer(), sent, new Random(303));

        byte[] got = chain.ended().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        writer.join();
        assertSameBytes(got, sent);
    }

    @Test
    void aReceiveFillsItsBuffersInOrder() {
        // C41, C42: buffer 0 first, an empty buffer takes nothing, and what lies past the bytes received is left
        // as it was
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] first = random(45, 304);
        p.peer().write(first);
        awaitReadable(p.socket(), first.length);
        Received full = ended(receive(p.socket(), NO_RECEIVE_FLAGS, 7, 0, 13, 25));
        assertThat(full.error()).isNull();
        assertSameBytes(full.memory(), first);

        byte[] second = random(30, 305);
        p.peer().write(second);
        awaitReadable(p.socket(), second.length);
        Received part = ended(receive(p.socket(), NO_RECEIVE_FLAGS, 7, 0, 13, 0, 25));
        assertThat(part.error()).isNull();
        assertThat(part.bytes()).isEqualTo(30);
        assertSameBytes(part.memory(), concat(second, untouched(15)));
    }

    @Test
    void thousandsOfBuffersAreFilledInOrder() {
        // C6, C42: past IOV_MAX buffers, empty ones among them, some 2.5 MiB in all; MSG_WAITALL makes the
        // receive go on batch after batch, and from inside a buffer when the bytes came in pieces
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        int[] sizes = new int[3000];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i % 7 == 0 ? 0 : (i * 31) % 2000 + 1;
        }
        byte[] data = random(Arrays.stream(sizes).sum(), 306);
        Receiving r = receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), sizes);
        peerWritesThenCloses(p.peer(), data, new Random(307));

        Received got = ended(r);
        assertThat(got.error()).isNull();
        assertSameBytes(got.memory(), data);
        assertThat(ended(receive(p.socket(), NO_RECEIVE_FLAGS, 10)).bytes()).as("then the end of the stream").isZero();
    }

    @Test
    void aGracefulCloseByThePeerCompletesReceivesWithZeroBytes() {
        // C42: the receive pending at the FIN, and every one after it, completes with 0 bytes and no error
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] last = random(10, 308);
        Receiving pending = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(pending.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        p.peer().write(last);
        assertSameBytes(ended(pending).data(), last);

        Receiving atTheEnd = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        closeQuietly(p.peer());
        for (Received r : List.of(ended(atTheEnd), ended(receive(p.socket(), NO_RECEIVE_FLAGS, 100)),
                ended(receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), 100)),
                receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100))) {
            assertThat(r.error()).isNull();
            assertThat(r.bytes()).isZero();
        }
        p.socket().close();
        assertThat(pending.completion().calls()).isEqualTo(1);
        assertThat(atTheEnd.completion().calls()).isEqualTo(atTheEnd.now() == null ? 1 : 0);
    }

    @ParameterizedTest(name = "receive pending at the reset={0}")
    @ValueSource(booleans = {false, true})
    void aResetByThePeerFailsTheReceiveAndEveryLaterOneWithConnReset(boolean pending) {
        // C42: WSAECONNRESET, never the 0 bytes of a graceful close; later receives fail alike (as C25 says of
        // sends, and as Windows answers WSARecv on a reset connection)
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        Receiving first = pending ? receive(p.socket(), NO_RECEIVE_FLAGS, 100) : null;
        p.peer().reset();
        if (first == null) {
            first = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        }
        assertThat(ended(first).error()).isEqualTo(WsaError.WSAECONNRESET);
        for (Received later : List.of(ended(receive(p.socket(), NO_RECEIVE_FLAGS, 100)),
                ended(receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), 100)),
                receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100))) {
            assertThat(later.error()).isEqualTo(WsaError.WSAECONNRESET);
            assertThat(later.bytes()).isZero();
        }
        p.socket().close();
        assertThat(first.completion().calls()).isEqualTo(first.now() == null ? 1 : 0);
    }

    @ParameterizedTest(name = "by close={0}")
    @ValueSource(booleans = {false, true})
    void aResetOrACloseEndsThePendingSendAndThePendingReceiveAlike(boolean byClose) {
        // C22, C25, C42: one event, a send and a receive waiting on the socket: both end with the same code
        // (WSAECONNRESET at a reset, whichever of the two the driver meets it with first; WSA_OPERATION_ABORTED
        // at close), each exactly once
        Pending send = pendingSend(309, NO_FLAGS, 1);
        Receiving r = receive(send.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);

        WsaError expected = byClose ? WsaError.WSA_OPERATION_ABORTED : WsaError.WSAECONNRESET;
        if (byClose) {
            send.socket().close();
        } else {
            send.peer().reset();
        }
        assertThat(send.completion().await(WAIT).error()).isEqualTo(expected);
        assertThat(ended(r).error()).isEqualTo(expected);
        send.socket().close();
        assertThat(send.completion().calls()).isEqualTo(1);
        assertThat(r.completion().calls()).isEqualTo(1);
    }

    @Test
    void msgWaitAllCompletesOnlyOnceEveryBufferIsFull() throws Exception {
        // C42: pieces that arrive apart do not end the receive; its progress (bytes so far, or 0 where the
        // platform tells only at the end) never runs ahead of what the peer sent
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.peer().socket().setTcpNoDelay(true);
        byte[] data = random(300, 310);
        Receiving r = receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), 100, 0, 200);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);

        int[] cuts = {0, 1, 60, 100, 101, 299, 300};
        for (int i = 1; i < cuts.length; i++) {
            p.peer().write(Arrays.copyOfRange(data, cuts[i - 1], cuts[i]));
            if (i < cuts.length - 1) {
                awaitProgress(p.socket(), cuts[i]);
                assertThat(r.completion().calls()).as("after %d of %d bytes", cuts[i], data.length).isZero();
            }
        }
        Received got = ended(r);
        assertThat(got.error()).isNull();
        assertThat(got.bytes()).isEqualTo(data.length);
        assertSameBytes(got.memory(), data);
        assertThat(p.socket().receiveProgress()).as("no receive pending").isZero();
        p.socket().close();
        assertThat(r.completion().calls()).isEqualTo(1);
    }

    @Test
    void msgWaitAllCompletesWithWhatCameWhenTheStreamEnds() {
        // C42: "unless the stream ends first": the bytes that came, no error; then the end of the stream
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        byte[] data = random(120, 311);
        Receiving r = receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), 50, 450);
        p.peer().write(data);
        closeQuietly(p.peer());

        Received got = ended(r);
        assertThat(got.error()).isNull();
        assertThat(got.bytes()).isEqualTo(120);
        assertSameBytes(got.memory(), concat(data, untouched(380)));
        assertThat(ended(receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), 10)).bytes()).isZero();
    }

    @Test
    void msgPeekLeavesTheBytesForTheNextReceive() {
        // C41: a peek, pending or at once, copies without taking: the next receive sees the same bytes
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        Set<ReceiveFlag> peek = EnumSet.of(ReceiveFlag.MSG_PEEK);
        Receiving waiting = receive(p.socket(), peek, 100);
        assertThat(waiting.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        byte[] data = random(64, 312);
        p.peer().write(data);

        Received first = ended(waiting);
        assertThat(first.error()).isNull();
        assertThat(first.bytes()).isPositive();
        assertSameBytes(first.data(), Arrays.copyOf(data, (int) first.bytes()));
        awaitReadable(p.socket(), data.length);
        assertSameBytes(ended(receive(p.socket(), peek, 100)).data(), data);
        assertSameBytes(receiveNow(p.socket(), peek, 100).data(), data);
        assertSameBytes(ended(receive(p.socket(), NO_RECEIVE_FLAGS, 100)).data(), data);
        assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAEWOULDBLOCK);
    }

    @ParameterizedTest(name = "posted before the urgent byte came={0}")
    @ValueSource(booleans = {false, true})
    void msgOobReceivesTheUrgentByteApartFromTheStream(boolean postedFirst) throws Exception {
        // C41: urgent data (SO_OOBINLINE off) goes to a MSG_OOB receive, one byte; the normal receives read the
        // stream around it and never see it
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.peer().socket().setTcpNoDelay(true);
        Set<ReceiveFlag> oob = EnumSet.of(ReceiveFlag.MSG_OOB);
        Receiving urgent = postedFirst ? receive(p.socket(), oob, 8) : null;
        if (postedFirst) {
            assertThat(urgent.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        }
        byte[] before = random(100, 313);
        byte[] after = random(50, 314);
        p.peer().write(before);
        p.peer().socket().sendUrgentData(0x5A);
        p.peer().write(after);
        if (!postedFirst) {
            urgent = receive(p.socket(), oob, 8);
        }

        Received u = ended(urgent);
        assertThat(u.error()).isNull();
        assertThat(u.bytes()).isEqualTo(1);
        assertThat(u.memory()[0]).isEqualTo((byte) 0x5A);
        closeQuietly(p.peer());
        assertSameBytes(receiveToEnd(p.socket()), concat(before, after));
    }

    @ParameterizedTest(name = "reset={0}")
    @ValueSource(booleans = {false, true})
    void aPendingMsgOobReceiveEndsWithTheStream(boolean reset) {
        // C42 for a receive that waits for urgent data: the stream's end completes it with 0 bytes, a reset fails
        // it with WSAECONNRESET; it never waits on a connection that is gone
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        Receiving urgent = receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_OOB), 8);
        assertThat(urgent.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        if (reset) {
            p.peer().reset();
        } else {
            closeQuietly(p.peer());
        }

        Received got = ended(urgent);
        assertThat(got.error()).isEqualTo(reset ? WsaError.WSAECONNRESET : null);
        assertThat(got.bytes()).isZero();
        p.socket().close();
        assertThat(urgent.completion().calls()).isEqualTo(1);
    }

    @Test
    void receiveNowTakesWhatIsThereOrWouldBlock() {
        // C41: non-blocking: what is there now, else WSAEWOULDBLOCK; and while an overlapped receive is pending,
        // the next bytes are that receive's, so a non-blocking one finds nothing
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAEWOULDBLOCK);
        byte[] data = random(60, 315);
        p.peer().write(data);
        awaitReadable(p.socket(), data.length);
        Received now = receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(now.error()).isNull();
        assertSameBytes(now.data(), data);
        assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAEWOULDBLOCK);

        Receiving pending = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(pending.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAEWOULDBLOCK);
        byte[] more = random(40, 316);
        p.peer().write(more);
        assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAEWOULDBLOCK);
        assertSameBytes(ended(pending).data(), more);
        p.socket().close();
        assertThat(pending.completion().calls()).isEqualTo(1);
    }

    @Test
    void cancellingAPendingReceiveEndsItOnceAndLosesNoByte() {
        // C21, C41: either cancelReceive stopped it (a count, and no completion will come) or its completion
        // comes once, WSA_OPERATION_ABORTED; what the peer sends next goes to the next receive
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        assertThat(p.socket().cancelReceive()).as("nothing pending").isEmpty();
        Receiving r = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);

        OptionalLong now = p.socket().cancelReceive();
        if (now.isPresent()) {
            assertThat(now.getAsLong()).isZero();
            r.buffers().close();
        } else {
            Received aborted = ended(r);
            assertThat(aborted.error()).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
            assertThat(aborted.bytes()).isZero();
        }
        assertThat(p.socket().cancelReceive()).isEmpty();
        byte[] data = random(70, 317);
        p.peer().write(data);
        assertSameBytes(ended(receive(p.socket(), NO_RECEIVE_FLAGS, 100)).data(), data);
        p.socket().close();
        assertThat(r.completion().calls()).isEqualTo(now.isPresent() ? 0 : 1);
    }

    @ParameterizedTest(name = "bytes already in it={0}")
    @ValueSource(booleans = {false, true})
    void closingWithAPendingReceiveCompletesItOnceAborted(boolean partlyFilled) {
        // C22: WSA_OPERATION_ABORTED, exactly once, with at most the bytes that had come (a MSG_WAITALL receive
        // partly filled), and those the peer's first
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        Receiving r = receive(p.socket(), EnumSet.of(ReceiveFlag.MSG_WAITALL), 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        byte[] data = random(30, 318);
        if (partlyFilled) {
            p.peer().write(data);
            awaitProgress(p.socket(), data.length);
        }

        p.socket().close();
        Received got = ended(r);
        assertThat(got.error()).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
        assertThat(got.bytes()).isBetween(0L, partlyFilled ? 30L : 0L);
        assertSameBytes(got.data(), Arrays.copyOf(data, (int) got.bytes()));
        p.socket().close();
        assertThat(r.completion().calls()).isEqualTo(1);
    }

    @ParameterizedTest(name = "receive posted first={0}")
    @ValueSource(booleans = {false, true})
    void aPendingReceiveAndAPendingSendGoTheirOwnWays(boolean receiveFirst) {
        // C11, C41: a receive waiting for data never holds up a send, nor a send waiting for room a receive
        Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        byte[] big = random(BIG, 319);
        Receiving r = receiveFirst ? receive(p.socket(), NO_RECEIVE_FLAGS, 100) : null;
        Started send = start(p.socket(), NO_FLAGS, big);
        if (!receiveFirst) {
            r = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        }
        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);

        byte[] reply = random(77, 320);
        p.peer().write(reply);
        assertSameBytes(ended(r).data(), reply);
        // the peer has not read, so the send cannot have ended
        assertThat(send.completion().calls()).isZero();
        p.peer().drain();
        assertThat(bytesOf(send)).isEqualTo(BIG);

        Receiving again = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
        assertThat(again.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        byte[] small = random(100, 321);
        assertThat(bytesOf(start(p.socket(), NO_FLAGS, small))).isEqualTo(100);
        assertThat(again.completion().calls()).isZero();
        byte[] secondReply = random(5, 322);
        p.peer().write(secondReply);
        assertSameBytes(ended(again).data(), secondReply);

        p.socket().close();
        assertSameBytes(p.peer().readToEnd(), concat(big, small));
        assertThat(r.completion().calls()).isEqualTo(1);
        assertThat(send.completion().calls()).isEqualTo(1);
    }

    @Test
    void aPendingReceiveKeepsItsBuffersAliveWhenTheCallerDropsThem() throws InterruptedException {
        // C41: the driver owns a pending receive's buffers until its completion; a collection meanwhile must not
        // free the memory the kernel is to fill
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        RecordingCompletion completion = new RecordingCompletion(null);
        IoStart start = p.socket().startReceive(captured(untouched(4096)), EnumSet.of(ReceiveFlag.MSG_WAITALL), completion);
        assertThat(start.outcome()).isEqualTo(IoStart.Outcome.PENDING);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }

        p.peer().write(random(4096, 323));
        completion.await(WAIT);
        assertThat(completion.error()).isNull();
        assertThat(completion.bytes()).isEqualTo(4096);
    }

    @ParameterizedTest
    @EnumSource(ShutdownHow.class)
    void onlyShuttingTheReceiveSideStopsReceives(ShutdownHow how) {
        // C20, C41: WSARecv after SD_RECEIVE or SD_BOTH fails with WSAESHUTDOWN, as on Windows; SD_SEND leaves
        // receiving alone
        Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
        p.socket().shutdown(how);
        if (how.closesReceive()) {
            Receiving r = receive(p.socket(), NO_RECEIVE_FLAGS, 100);
            assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
            assertThat(r.start().failure().error()).isEqualTo(WsaError.WSAESHUTDOWN);
            assertThat(receiveNow(p.socket(), NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAESHUTDOWN);
            p.socket().close();
            assertThat(r.completion().calls()).isZero();
        } else {
            byte[] data = random(50, 324);
            p.peer().write(data);
            assertSameBytes(ended(receive(p.socket(), NO_RECEIVE_FLAGS, 100)).data(), data);
        }
    }

    @Test
    void aReceiveOnAStreamThatWasNeverConnectedIsNotConnected() {
        // C27, C14, for WSARecv
        NativeSocket s = closeLater(sockets.unconnectedStream(false, SocketOptions.DEFAULTS));
        Receiving r = receive(s, NO_RECEIVE_FLAGS, 10);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(r.start().failure().error()).isEqualTo(WsaError.WSAENOTCONN);
        assertThat(receiveNow(s, NO_RECEIVE_FLAGS, 10).error()).isEqualTo(WsaError.WSAENOTCONN);
        s.close();
        assertThat(r.completion().calls()).isZero();
    }

    // ---------------------------------------------------------------- C43: receives on a datagram socket

    @ParameterizedTest(name = "ipv6={0}, pending={1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void aDatagramLongerThanTheBuffersIsTruncatedAndItsRestLost(boolean ipv6, boolean pending) {
        // C43: WSAEMSGSIZE with the bytes that fit, the datagram's first; the next receive gets the next datagram
        UdpPeer peer = closeLater(UdpPeer.bind(ipv6));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), ipv6, SocketOptions.DEFAULTS));
        byte[] big = random(1000, 325);
        byte[] next = random(20, 326);
        Receiving r = pending ? receive(s, NO_RECEIVE_FLAGS, 10, 0, 20) : null;
        peer.send(big, inet(s.local()));
        if (!pending) {
            awaitReadable(s, big.length);
            r = receive(s, NO_RECEIVE_FLAGS, 10, 0, 20);
            assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        } else {
            assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        }

        Received cut = ended(r);
        assertThat(cut.error()).isEqualTo(WsaError.WSAEMSGSIZE);
        assertThat(cut.bytes()).isEqualTo(30);
        assertSameBytes(cut.memory(), Arrays.copyOf(big, 30));
        peer.send(next, inet(s.local()));
        assertSameBytes(ended(receive(s, NO_RECEIVE_FLAGS, 2000)).data(), next);
        s.close();
        assertThat(r.completion().calls()).isEqualTo(pending ? 1 : 0);
    }

    @Test
    void anEmptyDatagramIsAReceiveOfZeroBytes() {
        // C43: a datagram socket has no end of stream: 0 bytes is a datagram of nothing, and the next one follows
        UdpPeer peer = closeLater(UdpPeer.bind(false));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), false, SocketOptions.DEFAULTS));
        Receiving r = receive(s, NO_RECEIVE_FLAGS, 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        byte[] marker = random(9, 327);
        peer.send(new byte[0], inet(s.local()));
        peer.send(marker, inet(s.local()));

        Received empty = ended(r);
        assertThat(empty.error()).isNull();
        assertThat(empty.bytes()).isZero();
        assertSameBytes(ended(receive(s, NO_RECEIVE_FLAGS, 100)).data(), marker);
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void eachReceiveTakesOneDatagram(boolean ipv6) {
        // C43: datagrams that wait together are received one per receive, whole, in order, across the buffers
        UdpPeer peer = closeLater(UdpPeer.bind(ipv6));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), ipv6, SocketOptions.DEFAULTS));
        byte[][] datagrams = {random(5, 328), random(300, 329), random(1, 330), random(UDP_MAX_IPV4, 331)};
        for (byte[] d : datagrams) {
            peer.send(d, inet(s.local()));
        }
        for (byte[] d : datagrams) {
            Received r = ended(receive(s, NO_RECEIVE_FLAGS, 3, 0, 40_000, 30_000));
            assertThat(r.error()).isNull();
            assertSameBytes(r.data(), d);
        }
        assertThat(receiveNow(s, NO_RECEIVE_FLAGS, 100).error()).isEqualTo(WsaError.WSAEWOULDBLOCK);
    }

    @Test
    void aDatagramFillsMoreBuffersThanIovMaxInOrder() {
        // C6, C43: one datagram arrives in one call, however many buffers describe where it goes
        UdpPeer peer = closeLater(UdpPeer.bind(false));
        NativeSocket s = closeLater(sockets.datagram(peer.address(), false, SocketOptions.DEFAULTS));
        int[] sizes = new int[2500];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i % 5 == 0 ? 0 : i % 20 + 1;
        }
        byte[] datagram = random(Arrays.stream(sizes).sum() - 100, 332);
        peer.send(datagram, inet(s.local()));

        Received r = ended(receive(s, NO_RECEIVE_FLAGS, sizes));
        assertThat(r.error()).isNull();
        assertSameBytes(r.memory(), concat(datagram, untouched(100)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("receiveFlagsWinsockRefuses")
    void receiveFlagsWinsockRefusesFailWithOpNotSupp(SocketKind kind, Set<ReceiveFlag> flags) {
        // C43 (MSG_OOB on a datagram socket), C41: refused at the start with WSAEOPNOTSUPP, no completion follows,
        // and what waits stays for a receive without them
        assertThat(ReceiveFlag.check(kind, flags)).isPresent();
        byte[] marker = random(12, 333);
        NativeSocket s;
        if (kind.isStream()) {
            Pair p = connectedPair(false, SocketOptions.DEFAULTS, null);
            s = p.socket();
            p.peer().write(marker);
        } else {
            UdpPeer peer = closeLater(UdpPeer.bind(false));
            s = closeLater(sockets.datagram(peer.address(), false, SocketOptions.DEFAULTS));
            peer.send(marker, inet(s.local()));
        }
        awaitReadable(s, marker.length);

        Receiving r = receive(s, flags, 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.FAILED);
        assertThat(r.start().failure().error()).isEqualTo(WsaError.WSAEOPNOTSUPP);
        assertThat(receiveNow(s, flags, 100).error()).isEqualTo(WsaError.WSAEOPNOTSUPP);
        assertSameBytes(ended(receive(s, NO_RECEIVE_FLAGS, 100)).data(), marker);
        s.close();
        assertThat(r.completion().calls()).isZero();
    }

    static List<Arguments> receiveFlagsWinsockRefuses() {
        return List.of(
                Arguments.of(SocketKind.UDP, EnumSet.of(ReceiveFlag.MSG_OOB)),
                Arguments.of(SocketKind.UDP, EnumSet.of(ReceiveFlag.MSG_WAITALL)),
                Arguments.of(SocketKind.TCP, EnumSet.of(ReceiveFlag.MSG_WAITALL, ReceiveFlag.MSG_PEEK)),
                Arguments.of(SocketKind.TCP, EnumSet.of(ReceiveFlag.MSG_WAITALL, ReceiveFlag.MSG_OOB)));
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void aDatagramToAClosedPortFailsThePendingReceiveWithConnReset(boolean ipv6) {
        // C26, C43: the ICMP port-unreachable a send draws ends the receive waiting on the socket, as WSARecv
        // reports it: WSAECONNRESET
        NativeSocket s = closeLater(sockets.datagram(UdpPeer.closedPort(ipv6), ipv6, SocketOptions.DEFAULTS));
        Receiving r = receive(s, NO_RECEIVE_FLAGS, 100);
        assertThat(r.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        assertThat(start(s, NO_FLAGS, random(16, 334)).start()).isEqualTo(IoStart.completed(16));

        Received got = ended(r);
        assertThat(got.error()).isEqualTo(WsaError.WSAECONNRESET);
        assertThat(got.bytes()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** A driver socket connected to a Java peer that has not read anything yet. */
    protected record Pair(NativeSocket socket, Connection peer) {
    }

    /** An overlapped send as started: its answer, its payload and the completion that frees it. */
    protected record Started(IoStart start, Payload payload, RecordingCompletion completion) {
    }

    /** A stream send of {@link #BIG} bytes in {@code buffers} buffers, pending since its peer has not read. */
    protected record Pending(NativeSocket socket, Connection peer, byte[] data, Started send) {
        public RecordingCompletion completion() {
            return send.completion();
        }
    }

    protected Pending pendingSend(int seed, Set<SendFlag> flags, int buffers) {
        Pair p = connectedPair(false, SMALL_SEND_BUFFER, SMALL_RECEIVE_BUFFER);
        byte[] data = random(BIG, seed);
        Started send = start(p.socket(), flags, split(data, buffers));
        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.PENDING);
        return new Pending(p.socket(), p.peer(), data, send);
    }

    /** What cancelSend gave: stopped at once (no completion will come) or not; and the bytes that went. */
    protected record Cancelled(boolean atOnce, long went) {
    }

    /**
     * cancelSend on a pending send, either way the port allows: a count now, and then the caller owns the
     * payload again; or empty, and exactly one completion follows, aborted since the peer has not read.
     */
    protected Cancelled cancel(Pending p) {
        OptionalLong now = p.socket().cancelSend();
        if (now.isPresent()) {
            p.send().payload().close();
            return new Cancelled(true, now.getAsLong());
        }
        p.completion().await(WAIT);
        assertThat(p.completion().error()).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
        return new Cancelled(false, p.completion().bytes());
    }

    protected Pair connectedPair(boolean ipv6, SocketOptions options, Integer peerReceiveBuffer) {
        TcpServer server = closeLater(TcpServer.listen(ipv6, peerReceiveBuffer));
        NativeSocket s = closeLater(connect(server.address(), options));
        return new Pair(s, closeLater(server.accept()));
    }

    /** A connected stream socket, waiting (bounded) for the handshake; a failure is its WsaException. */
    protected NativeSocket connect(InetSocketAddress remote, SocketOptions options) {
        try {
            return sockets.connectStream(remote, options).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WsaException w) {
                throw w;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("connect did not end within " + WAIT, e);
        }
    }

    /** accept as the core does it: take what waits, else wait (bounded) to hear of a connection; null on timeout. */
    protected static NativeSocket accept(NativeListener listener, Duration timeout, SocketOptions options) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            NativeSocket s = listener.acceptNow(options);
            if (s != null) {
                return s;
            }
            CountDownLatch ready = new CountDownLatch(1);
            listener.whenAcceptable(ready::countDown);
            try {
                if (!ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    protected NativeListener listen(boolean ipv6) {
        NativeListener l = sockets.listen(new InetSocketAddress(loopback(ipv6), 0), 16);
        cleanup.push(l::close);
        return l;
    }

    /** Starts a send as the core does: a payload the completion frees, or freed now when nothing is pending. */
    protected Started start(NativeSocket s, Set<SendFlag> flags, byte[]... buffers) {
        Payload p = payload(buffers);
        RecordingCompletion completion = new RecordingCompletion(p);
        IoStart start = s.startSend(p, flags, completion);
        if (start.outcome() != IoStart.Outcome.PENDING) {
            p.close();
        }
        return new Started(start, p, completion);
    }

    /** The bytes a send took, waiting for its completion when it is pending; fails when it did not take all. */
    protected long bytesOf(Started send) {
        if (send.start().outcome() == IoStart.Outcome.PENDING) {
            send.completion().await(WAIT);
            assertThat(send.completion().error()).isNull();
            return send.completion().bytes();
        }
        assertThat(send.start().outcome()).isEqualTo(IoStart.Outcome.COMPLETED);
        return send.start().bytesTransferred();
    }

    protected long sendNow(NativeSocket s, byte[]... buffers) {
        try (Payload p = payload(buffers)) {
            return s.sendNow(p, NO_FLAGS);
        }
    }

    /** Native memory holding these buffers; freed at the latest after the test's sockets are closed. */
    protected Payload payload(byte[]... buffers) {
        Payload p = captured(buffers);
        ownedPayloads.add(p);
        return p;
    }

    /** These buffers captured as a send captures them, and held by nothing but what the caller keeps. */
    private Payload captured(byte[]... buffers) {
        try (PayloadBuilder builder = payloads.builder(Arrays.stream(buffers).mapToLong(b -> b.length).sum())) {
            for (byte[] buffer : buffers) {
                builder.startBuffer();
                builder.write(buffer, 0, buffer.length);
            }
            return builder.build();
        }
    }

    protected NativeSocket closeLater(NativeSocket s) {
        cleanup.push(s::close);
        return s;
    }

    protected <T extends AutoCloseable> T closeLater(T c) {
        cleanup.push(c);
        return c;
    }

    protected static WsaError wsaErrorOf(Runnable call) {
        WsaException e = catchThrowableOfType(WsaException.class, call::run);
        assertThat(e).as("a WsaException").isNotNull();
        return e.error();
    }

    /** Byte for byte, reporting the lengths and the first difference rather than both arrays. */
    protected static void assertSameBytes(byte[] actual, byte[] expected) {
        int at = Arrays.mismatch(actual, expected);
        assertThat(at).as("first differing byte of %d received against %d expected", actual.length, expected.length)
                .isEqualTo(-1);
    }

    protected static InetSocketAddress inet(Endpoint e) {
        return new InetSocketAddress(e.address(), e.port());
    }

    /** {@code data} cut into {@code count} buffers of near-equal length. */
    protected static byte[][] split(byte[] data, int count) {
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            out[i] = Arrays.copyOfRange(data, (int) ((long) data.length * i / count), (int) ((long) data.length * (i + 1) / count));
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers for receives

    protected static final Set<ReceiveFlag> NO_RECEIVE_FLAGS = Set.of();
    /** What a receive's buffers hold before the kernel fills them, so that bytes it did not write show. */
    private static final byte UNTOUCHED = (byte) 0xA5;

    /**
     * A receive as started: its answer, its buffers, the completion that copies them out and frees them, and
     * (when it did not pend) how it ended.
     */
    protected record Receiving(IoStart start, Payload buffers, RecordingCompletion completion, Received now) {
    }

    /** How a receive ended: the count it reported, its error or null, and all its buffers held then. */
    protected record Received(long bytes, WsaError error, byte[] memory) {
        /** The bytes received: the first {@code bytes} of the buffers, buffer 0's first. */
        public byte[] data() {
            return Arrays.copyOf(memory, (int) bytes);
        }
    }

    /** Starts an overlapped receive into buffers of these sizes, as the core does. */
    protected Receiving receive(NativeSocket s, Set<ReceiveFlag> flags, int... sizes) {
        Payload buffers = receiveBuffers(sizes);
        RecordingCompletion completion = RecordingCompletion.copying(buffers);
        IoStart start = s.startReceive(buffers, flags, completion);
        return new Receiving(start, buffers, completion,
                start.outcome() == IoStart.Outcome.PENDING ? null : endedNow(start, buffers));
    }

    /** How the receive ended, waiting (bounded) for its completion when it is pending. */
    protected static Received ended(Receiving r) {
        if (r.now() != null) {
            return r.now();
        }
        RecordingCompletion c = r.completion().await(WAIT);
        return new Received(c.bytes(), c.error(), c.buffers());
    }

    /** A non-blocking receive (never pending) into buffers of these sizes. */
    protected Received receiveNow(NativeSocket s, Set<ReceiveFlag> flags, int... sizes) {
        Payload buffers = receiveBuffers(sizes);
        IoStart start = s.receiveNow(buffers, flags);
        assertThat(start.outcome()).as("a non-blocking receive").isNotEqualTo(IoStart.Outcome.PENDING);
        return endedNow(start, buffers);
    }

    private static Received endedNow(IoStart start, Payload buffers) {
        Received r = new Received(start.bytesTransferred(), start.failure() == null ? null : start.failure().error(),
                RecordingCompletion.contents(buffers));
        buffers.close();
        return r;
    }

    /** Buffers of these sizes for a receive, in one block as the port has them, every byte {@link #UNTOUCHED}. */
    protected Payload receiveBuffers(int... sizes) {
        return payload(Arrays.stream(sizes).mapToObj(NativeSocketsContract::untouched).toArray(byte[][]::new));
    }

    protected static byte[] untouched(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, UNTOUCHED);
        return b;
    }

    /**
     * Waits (bounded) until {@code count} bytes, or a datagram of that many, can be received at once, peeking
     * without taking them: after it, a receive of that many does not pend.
     */
    protected void awaitReadable(NativeSocket s, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Received peek = receiveNow(s, EnumSet.of(ReceiveFlag.MSG_PEEK), count);
            if (peek.bytes() >= count) {
                return;
            }
            assertThat(peek.error()).isIn(null, WsaError.WSAEWOULDBLOCK);
            assertThat(System.nanoTime()).as("%d bytes to receive within %s", count, WAIT).isLessThan(deadline);
            pause();
        }
    }

    /**
     * Where the driver tells a pending receive's progress (see {@link #reportsReceiveProgress}), waits (bounded)
     * until it reached {@code bytes}; elsewhere only holds that it is 0. Either way it never exceeds them.
     */
    protected void awaitProgress(NativeSocket s, long bytes) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long progress = s.receiveProgress();
            assertThat(progress).as("progress against %d bytes sent", bytes).isBetween(0L, bytes);
            if (!reportsReceiveProgress()) {
                assertThat(progress).isZero();
                pause();
                return;
            }
            if (progress == bytes) {
                return;
            }
            assertThat(System.nanoTime()).as("a progress of %d within %s", bytes, WAIT).isLessThan(deadline);
            pause();
        }
    }

    /** Receives until the end of the stream (a receive of 0 bytes); returns every byte before it. */
    protected byte[] receiveToEnd(NativeSocket s) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            Received r = ended(receive(s, NO_RECEIVE_FLAGS, 4096));
            assertThat(r.error()).isNull();
            if (r.bytes() == 0) {
                return all.toByteArray();
            }
            all.writeBytes(r.data());
        }
    }

    /** The peer writes {@code data} in pieces of random sizes from a thread of its own, then closes gracefully. */
    protected static CompletableFuture<Void> peerWritesThenCloses(Connection peer, byte[] data, Random sizes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                for (int at = 0; at < data.length; ) {
                    int n = Math.min(data.length - at, 1 + sizes.nextInt(64 * 1024));
                    peer.write(Arrays.copyOfRange(data, at, at + n));
                    at += n;
                }
                peer.close();
                done.complete(null);
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        }, "peer-writer");
        writer.setDaemon(true);
        writer.start();
        return done;
    }

    /** A graceful close: the driver's socket sees the end of the stream. */
    protected static void closeQuietly(Connection peer) {
        try {
            peer.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A short pause in a wait that is bounded elsewhere; nothing is timed. */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Receives posted one after the other, each from the completion of the one before, as the core posts them. */
    private final class ReceiveChain implements IoCompletion {
        private final NativeSocket socket;
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> ended = new CompletableFuture<>();
        private volatile Payload buffers;

        ReceiveChain(NativeSocket socket) {
            this.socket = socket;
        }

        /** Posts receives until one pends or the stream ended. */
        void post() {
            while (true) {
                buffers = receiveBuffers(1 + got.size() % 5000);
                IoStart start = socket.startReceive(buffers, NO_RECEIVE_FLAGS, this);
                if (start.outcome() == IoStart.Outcome.PENDING || !took(start.bytesTransferred(), start.failure())) {
                    return;
                }
            }
        }

        @Override
        public void completed(long bytes, Failure failure) {
            if (took(bytes, failure)) {
                post();
            }
        }

        /** Keeps what the last receive got; whether to post the next. */
        private boolean took(long bytes, Failure failure) {
            byte[] data = new byte[(int) bytes];
            buffers.memory().read(0, data, 0, data.length);
            buffers.close();
            if (failure != null) {
                ended.completeExceptionally(failure.toException());
                return false;
            }
            if (bytes == 0) {
                ended.complete(got.toByteArray());
                return false;
            }
            got.writeBytes(data);
            return true;
        }

        CompletableFuture<byte[]> ended() {
            return ended;
        }
    }
}
