package io.sendgate.core;

import io.sendgate.core.port.Payload;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.MemoryOnly;
import io.sendgate.testing.TestLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A raw body (octet-stream) captured as one buffer, over real native memory: sized by its declared length, or
 * grown as a chunked one comes, and refused with nothing held when it breaks a limit or ends early (C6, C34, C39).
 */
class PayloadFactoryTests {
    private final ByteBudget budget = new ByteBudget(Limits.defaults().maxBytesInFlight());
    private final PayloadFactory payloads = new PayloadFactory(MemoryOnly.SOCKETS, budget, Limits.defaults());

    @AfterEach
    void nothingIsHeldAfterwards() {
        // C39: every test closes its payloads; a refusal must have freed all it reserved
        assertThat(budget.held()).as("bytes still reserved").isZero();
    }

    @Test
    void aBodyOfADeclaredLengthIsOneBufferHeldInABlockOfItsSize() {
        // C9: the body is one buffer; C39: reserved once, for what it declared, and not grown
        byte[] body = Bytes.random(100_000, 1);
        try (Payload p = payloads.fromStream(Bytes.trickle(body, 777), body.length)) {
            assertThat(p.bufferLengths()).containsExactly(body.length);
            assertThat(bytes(p)).isEqualTo(body);
            assertThat(budget.held()).isEqualTo(body.length);
        }
    }

    @Test
    void aChunkedBodyStartsSmallAndGrowsAsItComes() {
        // C39: no length declared, so nothing large is reserved up front, and the block ends near its bytes
        try (Payload small = payloads.fromStream(new ByteArrayInputStream(new byte[] {1, 2, 3}), -1)) {
            assertThat(bytes(small)).containsExactly(1, 2, 3);
            assertThat(budget.held()).isLessThan(1024);
        }
        byte[] body = Bytes.random(300_000, 2);
        try (Payload large = payloads.fromStream(Bytes.trickle(body, 5000), -1)) {
            assertThat(bytes(large)).isEqualTo(body);
            assertThat(budget.held()).isBetween((long) body.length, body.length + body.length / 8L);
        }
        try (Payload empty = payloads.fromStream(InputStream.nullInputStream(), -1)) {
            assertThat(empty.bufferLengths()).containsExactly(0);
        }
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIsRefused() {
        // C29: a body cut short is no send of fewer bytes
        WsaException e = catchThrowableOfType(() -> payloads.fromStream(new ByteArrayInputStream(new byte[10]), 20),
                WsaException.class);
        assertThat(e.error()).isEqualTo(WsaError.WSAEFAULT);
        assertThat(e.getMessage()).isEqualTo("The body ended after 10 of its 20 bytes");
    }

    @Test
    void aBodyPastTheBytesPerSendLimitIsRefused() {
        // C34: a declared length over the limit before a byte is read or held; a chunked body as it passes it
        PayloadFactory limited = new PayloadFactory(MemoryOnly.SOCKETS, budget, TestLimits.bytesPerSend(1000));
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read, though its length was refused");
            }
        };
        WsaException declared = catchThrowableOfType(() -> limited.fromStream(unread, 1001), WsaException.class);
        assertThat(declared.error()).isEqualTo(WsaError.WSAENOBUFS);
        assertThat(declared.getMessage()).isEqualTo("A send carries at most 1000 bytes (sendgate.limits.max-bytes-per-send)");

        WsaException chunked = catchThrowableOfType(() -> limited.fromStream(new ByteArrayInputStream(new byte[1001]), -1),
                WsaException.class);
        assertThat(chunked.getMessage()).isEqualTo(declared.getMessage());
        try (Payload fits = limited.fromStream(new ByteArrayInputStream(new byte[1000]), 1000)) {
            assertThat(fits.totalBytes()).isEqualTo(1000);
        }
    }

    private static byte[] bytes(Payload p) {
        byte[] out = new byte[(int) p.totalBytes()];
        p.memory().read(0, out, 0, out.length);
        return out;
    }
}
