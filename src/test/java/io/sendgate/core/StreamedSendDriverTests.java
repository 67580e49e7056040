package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.SendFlag;
import io.sendgate.testing.MemoryOnly;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streamed send (issue #10) on a driver that no loopback socket can stand for: one that stops a send only through
 * a completion that comes later (Winsock's CancelIoEx, which cannot run here), and one whose chunk fails at its
 * start. However it ends, the operation ends once (C11, C22) with the bytes that went out, and the bytes its ring
 * held go back to the budget (C39).
 */
class StreamedSendDriverTests {
    private static final int MIB = 1 << 20;

    private final Limits limits = Limits.defaults();
    private final Clock clock = Clock.systemUTC();
    private final ByteBudget budget = new ByteBudget(limits.maxBytesInFlight());
    private final CompletionLog log = new CompletionLog(limits, clock, budget);
    private final PayloadFactory payloads = new PayloadFactory(MemoryOnly.SOCKETS, budget, limits);
    private final ScriptedSocket nat = new ScriptedSocket();
    private final PooledSocket socket = new PooledSocket("s-1", nat, SocketAttributes.DEFAULTS, null, log, limits, clock);

    /** Accepts a streamed send of {@code length} declared bytes and reads {@code body} into it, as a request would. */
    private Operation stream(long length, InputStream body) {
        StreamedSend stream = new StreamedSend(payloads.streamRing(length), length, Set.of());
        Operation op = socket.newStreamedSend(stream, Set.<SendFlag>of());
        socket.submit(op);
        new StreamedBody(socket, op, length, limits, Duration.ofSeconds(5), false).read(asContainer(body));
        return op;
    }

    /** {@code body} as a container hands it over: each read brings at most what one fill of its buffer (64 KiB) did. */
    private static java.nio.channels.ReadableByteChannel asContainer(InputStream body) {
        return new java.nio.channels.ReadableByteChannel() {
            @Override
            public int read(java.nio.ByteBuffer target) throws IOException {
                byte[] bytes = new byte[Math.min(target.remaining(), 64 * 1024)];
                int n = body.read(bytes);
                if (n > 0) {
                    target.put(bytes, 0, n);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The body's first {@code bytes}, then a broken connection. */
    private static InputStream breaksAfter(int bytes) {
        return new InputStream() {
            private final InputStream first = new ByteArrayInputStream(new byte[bytes]);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = first.read(b, off, len);
                if (n < 0) {
                    throw new IOException("Connection reset by peer");
                }
                return n;
            }
        };
    }

    private long completionsOf(Operation op) {
        return log.since(0).stream().filter(e -> e.operation() == op).count();
    }

    @Test
    void aBodyCutShortWhileADeferredCancelIsOnItsWayFailsOnceWithTheBytesThatWentOut() {
        nat.cancelsAtOnce = false;
        Operation op = stream(4 * MIB, breaksAfter(MIB));
        // the first chunk is at the driver; the cancel the body's failure asked for ends it later
        assertThat(op.isPending()).isTrue();
        assertThat(nat.cancelCalls).isEqualTo(1);
        nat.complete(40_000, Failure.of(WsaError.WSA_OPERATION_ABORTED));

        assertThat(op.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(op.error()).isEqualTo(WsaError.WSAEFAULT);
        assertThat(op.bytesTransferred()).isEqualTo(40_000);
        assertThat(completionsOf(op)).isEqualTo(1);
        assertThat(budget.held()).isZero();
        // part of it went out: no later send may follow (C12)
        assertThat(socket.view().state()).isEqualTo(SocketState.FAILED);
    }

    @Test
    void aCloseWhileADeferredCancelIsOnItsWayAbortsOnceWithTheBytesThatWentOut() {
        nat.cancelsAtOnce = false;
        Operation op = stream(3 * MIB, new ByteArrayInputStream(new byte[3 * MIB]));
        assertThat(op.isPending()).isTrue();
        socket.close();
        assertThat(op.isPending()).as("the driver still holds a chunk").isTrue();
        nat.complete(70_000, Failure.of(WsaError.WSA_OPERATION_ABORTED));

        assertThat(op.status()).isEqualTo(OperationStatus.ABORTED);
        assertThat(op.error()).isEqualTo(WsaError.WSA_OPERATION_ABORTED);
        assertThat(op.bytesTransferred()).isEqualTo(70_000);
        assertThat(completionsOf(op)).isEqualTo(1);
        assertThat(budget.held()).isZero();
    }

    @Test
    void aChunkThatFailsAtItsStartFailsTheSendOnceAndTheRestOfTheBodyIsNotRead() {
        nat.starts.add(IoStart.completed(64 * 1024));
        nat.starts.add(IoStart.failed(new Failure(WsaError.WSAECONNRESET, "sendmsg failed with error(104)"), 1000));
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[4 * MIB]);
        Operation op = stream(4 * MIB, body);

        assertThat(op.status()).isEqualTo(OperationStatus.FAILED);
        assertThat(op.error()).isEqualTo(WsaError.WSAECONNRESET);
        assertThat(op.bytesTransferred()).isEqualTo(64 * 1024 + 1000);
        assertThat(body.available()).as("the body is read no further").isPositive();
        assertThat(completionsOf(op)).isEqualTo(1);
        assertThat(budget.held()).isZero();
        assertThat(socket.view().state()).isEqualTo(SocketState.RESET);
    }

    @Test
    void aWholeBodyCompletesOnceTheLastChunkDidAndNotBefore() {
        Operation op = stream(-1, new ByteArrayInputStream(new byte[5 * MIB + 1]));
        assertThat(op.isPending()).isTrue();
        assertThat(op.totalBytes()).isEqualTo(5 * MIB + 1);
        int chunks = 0;
        while (op.isPending()) {
            assertThat(nat.pending).as("a chunk is at the driver while the send is pending").isNotNull();
            nat.complete(nat.sending.totalBytes(), null);
            chunks++;
        }
        assertThat(op.status()).isEqualTo(OperationStatus.COMPLETED);
        assertThat(op.bytesTransferred()).isEqualTo(5 * MIB + 1);
        // the bytes that came while a chunk was at the driver went as one, up to a block's end
        assertThat(chunks).isLessThanOrEqualTo(5);
        assertThat(completionsOf(op)).isEqualTo(1);
        assertThat(budget.held()).isZero();
    }
}
