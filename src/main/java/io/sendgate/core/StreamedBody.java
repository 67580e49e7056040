package io.sendgate.core;

import io.sendgate.core.port.Failure;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;

/**
 * The body of a streamed send (issue #10), read on the request's thread straight into the blocks of the send's ring
 * (no copy through the heap: the container copies its read buffer into the block), each block from its start to
 * its end. What each read brought goes to the socket at once, so no byte waits for the
 * next one the client sends; bytes that arrive while the socket is busy gather into one chunk (see
 * {@link StreamedSend}).
 *
 * <p>It stops at the end of the body, at the first failure of the body, or once the operation ended (closed,
 * reset): then the socket learns how the body ended, and the send ends once its chunks did. Reading waits for
 * the client (up to the server's read timeout) and for a free block (until the socket took no byte for
 * {@code stall}); it holds no lock meanwhile.
 */
final class StreamedBody {
    private final PooledSocket socket;
    private final Operation op;
    private final StreamedSend stream;
    private final long declared;
    private final Limits limits;
    private final Duration stall;
    /**
     * With MSG_OOB and no declared length, the last byte read is kept back: only the send's last byte is urgent,
     * and only the end of the body tells which byte that is.
     */
    private final boolean holdBack;
    private final byte[] one = new byte[1];
    private StreamRing.Block block;
    private long filled;
    private long handed;
    private long received;
    /** A byte kept back at the end of a full block, for the next one (in {@link #one}). */
    private boolean heldByte;

    /**
     * @param declared the body's declared length, or -1
     * @param stall    how long the socket may take no byte while the body waits for a free block (WSAETIMEDOUT)
     */
    StreamedBody(PooledSocket socket, Operation op, long declared, Limits limits, Duration stall, boolean urgent) {
        this.socket = socket;
        this.op = op;
        this.stream = op.stream();
        this.declared = declared;
        this.limits = limits;
        this.stall = stall;
        this.holdBack = urgent && declared < 0;
    }

    /** Reads the body until it ended, failed, or the send ended; the reader's hold on the ring is let go after. */
    void read(ReadableByteChannel in) {
        Failure failure = null;
        try {
            failure = transfer(in);
        } catch (RuntimeException e) {
            // a bug must still end the send, or it would wait for a body no one reads
            failure = Failure.of(e);
        } finally {
            try {
                if (block != null) {
                    if (failure == null) {
                        hand(filled, true);
                    }
                    stream.ring().filled(block);
                    block = null;
                }
                socket.streamEnded(op, failure);
            } finally {
                stream.ring().release();
            }
        }
    }

    /** @return why the body stopped short, or null when it ended whole (or the send ended first) */
    private Failure transfer(ReadableByteChannel in) {
        long sentBefore = socket.bytesSent();
        while (op.isPending() && received != declared) {
            if (block == null) {
                try {
                    block = stream.ring().take(stall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Failure(WsaError.WSAEINTR, "The streamed send was interrupted after " + received
                            + " bytes of its body");
                }
                if (block == null) {
                    long sent = socket.bytesSent();
                    if (sent == sentBefore && op.isPending()) {
                        return new Failure(WsaError.WSAETIMEDOUT, "The socket took no byte for " + stall.toMillis()
                                + " ms (server.tomcat.connection-timeout); " + received
                                + " bytes of the body were read, and no more will be");
                    }
                    sentBefore = sent;
                    continue;
                }
                filled = 0;
                handed = 0;
                if (heldByte) {
                    block.memory().write(0, one, 0, 1);
                    filled = 1;
                    heldByte = false;
                }
            }
            long room = block.memory().size() - filled;
            int want = (int) (declared < 0 ? room : Math.min(room, declared - received));
            int n;
            try {
                n = in.read(block.memory().buffer(filled, want));
            } catch (IOException e) {
                return brokeOff(e);
            } catch (WsaException e) {
                // the body passed sendgate.limits.max-request-size
                return Failure.of(e);
            }
            if (n == 0) {
                continue;
            }
            if (n < 0) {
                return declared < 0 ? null : new Failure(WsaError.WSAEFAULT, "The body ended after " + received
                        + " of its " + declared + " bytes");
            }
            if (received + n > limits.maxBytesPerSend()) {
                return Failure.of(PayloadBuilder.overLimit(limits));
            }
            filled += n;
            received += n;
            stream.received(received);
            boolean last = received == declared;
            hand(holdBack ? filled - 1 : filled, last);
            if (filled == block.memory().size() || last) {
                if (holdBack) {
                    block.memory().read(filled - 1, one, 0, 1);
                    heldByte = true;
                }
                stream.ring().filled(block);
                block = null;
            }
        }
        return null;
    }

    /** Hands the block's bytes up to {@code to} that the socket does not have yet. */
    private void hand(long to, boolean last) {
        if (to > handed) {
            socket.streamBytes(op, block, handed, to - handed, last);
            handed = to;
        }
    }

    private Failure brokeOff(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new Failure(WsaError.WSAETIMEDOUT, "The client sent nothing of the body for the server's read "
                        + "timeout (server.tomcat.connection-timeout) after " + received + " bytes");
            }
        }
        // the exception's own words name Java types (java.io.EOFException), which no answer does (C40)
        return new Failure(WsaError.WSAEFAULT, "The body broke off after " + received + " bytes: the client went "
                + "away, sent less than its Content-Length, or broke its chunked encoding");
    }
}
