package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.SendFlag;
import io.sendgate.core.port.IoStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * C34: a driver that throws (a bug; no real socket can be made to do it, which is why this one test
 * stands in a native socket) fails the send with a WSA code: it never surfaces as a 500, and a queued
 * operation is never left unstarted and unended.
 */
@ExtendWith(OutputCaptureExtension.class)
class DriverFailureTests {
    private final Limits limits = Limits.defaults();
    private final CompletionLog log = new CompletionLog(limits, Clock.systemUTC());

    @Test
    void aThrowingStartFailsTheSendSynchronouslyWithNoOperation(CapturedOutput output) {
        assertRefusedWithACode((socket, payload) -> socket.sendOverlapped(payload, Set.of()), output);
        assertThat(log.lastSequence()).isZero();
    }

    @Test
    void aThrowingStartOfAQueuedSendEndsItFailed() {
        AtomicReference<IoCompletion> pending = new AtomicReference<>();
        ThrowingSocket nat = new ThrowingSocket(pending);
        nat.firstPends = true;
        PooledSocket socket = new PooledSocket("s-1", nat, SocketAttributes.DEFAULTS, null, log, limits, Clock.systemUTC());
        Operation head = socket.sendOverlapped(new OneBytePayload(), Set.of()).operation();
        Operation queued = socket.sendOverlapped(new OneBytePayload(), Set.of()).operation();
        assertThat(queued.isPending()).isTrue();
        // the head completes; starting the queued one throws inside the completion
        pending.get().completed(1, null);
        assertThat(head.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(queued.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(queued.error()).isEqualTo(WsaError.WSASYSCALLFAILURE);
        assertThat(socket.view().stats().pendingOperations()).isZero();
    }

    @Test
    void aThrowingNonBlockingSendFailsWithACode(CapturedOutput output) {
        assertRefusedWithACode((socket, payload) -> socket.sendNonBlocking(payload, Set.of()), output);
    }

    /** The send is refused with WSASYSCALLFAILURE, its payload freed, and the bug is in the log, not lost. */
    private void assertRefusedWithACode(BiConsumer<PooledSocket, OneBytePayload> send, CapturedOutput output) {
        PooledSocket socket = new PooledSocket("s-1", new ThrowingSocket(new AtomicReference<>()), SocketAttributes.DEFAULTS,
                null, log, limits, Clock.systemUTC());
        OneBytePayload payload = new OneBytePayload();
        assertThatThrownBy(() -> send.accept(socket, payload))
                .isInstanceOf(WsaException.class)
                .satisfies(e -> assertThat(((WsaException) e).error()).isEqualTo(WsaError.WSASYSCALLFAILURE));
        assertThat(payload.closed).isTrue();
        assertThat(output).contains("driver bug");
    }

    /** Throws where a driver must not: in startSend after an optional first pending send, and in sendNow. */
    private static final class ThrowingSocket extends ScriptedSocket {
        private final AtomicReference<IoCompletion> pending;
        private final AtomicBoolean started = new AtomicBoolean();
        boolean firstPends;

        ThrowingSocket(AtomicReference<IoCompletion> pending) {
            this.pending = pending;
        }

        @Override
        public IoStart startSend(Payload payload, Set<SendFlag> flags, IoCompletion completion) {
            if (firstPends && started.compareAndSet(false, true)) {
                pending.set(completion);
                return IoStart.pending();
            }
            throw new IllegalStateException("driver bug");
        }

        @Override
        public long sendNow(Payload payload, Set<SendFlag> flags) {
            throw new IllegalStateException("driver bug");
        }
    }
}
