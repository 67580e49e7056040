package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoStart;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a failed send leaves of a stream (C12, C25, C31), on a stand-in socket: no real socket can be made
 * to answer a passing WSAENOBUFS on demand, nor to cancel through a later completion as Winsock does.
 */
class StreamFailureTests {
    private final Limits limits = Limits.defaults();
    private final Clock clock = Clock.systemUTC();
    private final CompletionLog log = new CompletionLog(limits, clock);

    private PooledSocket socket(ScriptedSocket nat, SocketAttributes attributes) {
        return new PooledSocket("s-1", nat, attributes, null, log, limits, clock);
    }

    @Test
    void aPassingShortageBeforeAnyByteFailsOnlyThatSend() {
        // C31: the finding: a transient ENOBUFS marked a stream dead for good
        ScriptedSocket nat = new ScriptedSocket();
        nat.starts.add(IoStart.failed(new Failure(WsaError.WSAENOBUFS, "sendmsg failed with error(105)"), 0));
        nat.starts.add(IoStart.completed(1));
        PooledSocket s = socket(nat, SocketAttributes.DEFAULTS);
        assertThatThrownBy(() -> s.sendOverlapped(new OneBytePayload(), Set.of()))
                .isInstanceOfSatisfying(WsaException.class, e -> assertThat(e.error()).isEqualTo(WsaError.WSAENOBUFS));
        assertThat(s.sendOverlapped(new OneBytePayload(), Set.of()).operation().status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(s.view().state()).isEqualTo(SocketState.CONNECTED);
    }

    @Test
    void aPassingShortageAfterPartOfASendBreaksTheStreamWithConnAborted() {
        // C12, C31: once part of a send went out, the peer must never see another send after it
        ScriptedSocket nat = new ScriptedSocket();
        PooledSocket s = socket(nat, SocketAttributes.DEFAULTS);
        Operation head = s.sendOverlapped(new OneBytePayload(), Set.of()).operation();
        Operation queued = s.sendOverlapped(new OneBytePayload(), Set.of()).operation();
        nat.complete(1, null);
        // the second one is now started; it fails before any byte went: the stream stays usable
        nat.complete(0, new Failure(WsaError.WSAENOBUFS, "sendmsg failed with error(105)"));
        assertThat(head.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(queued.error()).isEqualTo(WsaError.WSAENOBUFS);
        assertThat(s.view().state()).isEqualTo(SocketState.CONNECTED);

        ScriptedSocket partial = new ScriptedSocket();
        PooledSocket p = socket(partial, SocketAttributes.DEFAULTS);
        Operation big = p.sendOverlapped(new Bytes(100), Set.of()).operation();
        Operation behind = p.sendOverlapped(new OneBytePayload(), Set.of()).operation();
        partial.complete(40, new Failure(WsaError.WSAENOBUFS, "sendmsg failed with error(105)"));
        assertThat(big.error()).isEqualTo(WsaError.WSAENOBUFS);
        assertThat(behind.error()).isEqualTo(WsaError.WSAECONNABORTED);
        WsaException later = catchThrowableOfType(WsaException.class, () -> p.sendOverlapped(new OneBytePayload(), Set.of()));
        assertThat(later.error()).isEqualTo(WsaError.WSAECONNABORTED);
    }

    @Test
    void aFailureWhileATimedOutSendIsBeingTakenBackIsReportedAsItself() throws Exception {
        // C12: the finding: a failure during the grace period was still reported as WSAETIMEDOUT. Winsock takes a
        // send back through its completion packet; if the connection is reset meanwhile, that is the answer.
        ScriptedSocket nat = new ScriptedSocket();
        nat.cancelsAtOnce = false;
        PooledSocket s = socket(nat, new SocketAttributes(false, false, Duration.ofMillis(50), null, false, null));
        try (Waits waits = new Waits(10, new ServiceGate())) {
            CompletableFuture<Operation> answer = blockingSendThatTimesOut(s, nat, waits);
            assertThat(nat.cancelCalls).as("the timeout asked the driver to cancel").isPositive();
            assertThat(answer).as("the answer waits for the driver to let go").isNotDone();
            nat.complete(30, new Failure(WsaError.WSAECONNRESET, "WSASend failed with error(10054)"));
            ExecutionException failed = catchThrowableOfType(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
            assertThat(((WsaException) Futures.failure(failed)).error()).isEqualTo(WsaError.WSAECONNRESET);
        }
    }

    @Test
    void aTimedOutSendTakenBackLaterIsStillATimeout() throws Exception {
        // C12: when the late completion says the send was cancelled (by us), the answer is the timeout
        ScriptedSocket nat = new ScriptedSocket();
        nat.cancelsAtOnce = false;
        PooledSocket s = socket(nat, new SocketAttributes(false, false, Duration.ofMillis(50), null, false, null));
        try (Waits waits = new Waits(10, new ServiceGate())) {
            CompletableFuture<Operation> answer = blockingSendThatTimesOut(s, nat, waits);
            nat.complete(0, Failure.of(WsaError.WSA_OPERATION_ABORTED));
            ExecutionException failed = catchThrowableOfType(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
            assertThat(((WsaException) Futures.failure(failed)).error()).isEqualTo(WsaError.WSAETIMEDOUT);
            assertThat(s.view().state()).as("nothing went out: usable").isEqualTo(SocketState.CONNECTED);
        }
    }

    /** A blocking send whose 50 ms ran out: the service has asked the driver to take it back. */
    private CompletableFuture<Operation> blockingSendThatTimesOut(PooledSocket s, ScriptedSocket nat, Waits waits)
            throws InterruptedException {
        Operation op = s.sendBlocking(new Bytes(100), Set.of());
        CompletableFuture<Operation> answer = NonOverlappedCalls.awaitBlocking(s, op, waits.take(Waits.Kind.BLOCKING_SEND),
                waits, limits);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (nat.cancelCalls == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return answer;
    }

    /** A payload of {@code n} bytes that holds no native memory (the stand-in never reads it). */
    private static final class Bytes implements io.sendgate.core.port.Payload {
        private final long n;

        Bytes(long n) {
            this.n = n;
        }

        @Override
        public io.sendgate.core.port.NativeMemory memory() {
            return null;
        }

        @Override
        public long[] bufferLengths() {
            return new long[] {n};
        }

        @Override
        public long totalBytes() {
            return n;
        }

        @Override
        public void close() {
        }
    }
}
