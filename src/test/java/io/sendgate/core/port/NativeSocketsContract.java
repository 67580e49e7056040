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
import org.junit.jupiter.params.provider.EnumSource;
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
 * The send contract as every driver must keep it, written once against the port and run against each
 * driver the machine has (a subclass per driver supplies it). Real sockets on loopback only, with peers
 * in plain Java that check every byte. Nothing here may know which platform it runs on.
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
        assertThat(p.peer().readToEnd()).isEmpty();
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
}
