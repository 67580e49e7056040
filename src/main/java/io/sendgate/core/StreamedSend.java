package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One streamed send as its socket sees it (issue #10): one operation whose bytes go out as successive native
 * sends of chunks, in the order the body delivered them, each started when the one before ended, so the driver
 * holds at most one chunk and never knows the send is streamed. Bytes that arrive while a chunk is at the driver
 * gather into the next one. It holds the chunks waiting to go, the one at the driver, and the bytes that went out.
 * Used only under the socket's lock, except the counts it reads as volatile.
 *
 * <p>Its answers are a driver's: {@link IoStart#pending()} while the send goes on, then once, completed with every
 * byte or failed with the bytes that went out before it stopped.
 */
final class StreamedSend {
    private final StreamRing ring;
    private final long declared;
    /** Every chunk's flags but the last one's: MSG_OOB marks the send's last byte only, as a WSASend's. */
    private final Set<SendFlag> chunkFlags;
    private final Set<SendFlag> lastFlags;
    private final ArrayDeque<Chunk> waiting = new ArrayDeque<>();
    private Chunk atDriver;
    private IoCompletion completion;
    private boolean bodyEnded;
    private Failure bodyFailure;
    private volatile long sent;
    private volatile long received;

    /** @param declared the body's declared length, or -1 */
    StreamedSend(StreamRing ring, long declared, Set<SendFlag> flags) {
        this.ring = ring;
        this.declared = declared;
        this.lastFlags = Set.copyOf(flags);
        EnumSet<SendFlag> others = flags.isEmpty() ? EnumSet.noneOf(SendFlag.class) : EnumSet.copyOf(flags);
        others.remove(SendFlag.MSG_OOB);
        this.chunkFlags = Set.copyOf(others);
    }

    StreamRing ring() {
        return ring;
    }

    /** The declared length, or while none was declared, the bytes the body brought so far. */
    long totalBytes() {
        return declared >= 0 ? declared : received;
    }

    /** Bytes of the chunks that ended (a chunk at the driver counts once it ended). */
    long sent() {
        return sent;
    }

    /** Counts the body's bytes read so far (the request's thread). */
    void received(long bytes) {
        received = bytes;
    }

    /**
     * The request's thread filled {@code length} bytes of {@code block} at {@code offset}; {@code last}: the body's
     * last ones. They join the waiting chunk when they follow it in the same block.
     */
    void add(StreamRing.Block block, long offset, long length, boolean last) {
        Chunk tail = waiting.peekLast();
        if (tail != null && tail.block == block && tail.offset + tail.length == offset) {
            tail.length += length;
            tail.flags = last ? lastFlags : chunkFlags;
            return;
        }
        ring.chunkOn(block);
        waiting.add(new Chunk(block, offset, length, last ? lastFlags : chunkFlags));
    }

    /** The body ended: whole (null), or cut short with this failure. */
    void endBody(Failure failure) {
        bodyEnded = true;
        bodyFailure = failure;
    }

    /** The failure the body ended with, when it was cut short; null otherwise. */
    Failure bodyFailure() {
        return bodyFailure;
    }

    /**
     * The send reached the head of its socket's queue: it starts with the chunks that are there.
     *
     * @param completion where each chunk's end is reported: the socket, which then calls {@link #chunkEnded}
     */
    IoStart start(NativeSocket nat, IoCompletion completion) {
        this.completion = completion;
        return moved(nat);
    }

    /**
     * A chunk arrived or the body ended: the chunks go out. A body cut short stops the chunk at the driver (when
     * the driver can stop it now; otherwise its end reports the failure), so the send fails with what went out.
     */
    IoStart moved(NativeSocket nat) {
        if (bodyFailure != null && atDriver != null) {
            OptionalLong stopped = nat.cancelSend();
            if (stopped.isEmpty()) {
                return IoStart.pending();
            }
            chunkOff(stopped.getAsLong());
        }
        return next(nat);
    }

    /** The driver's report that the chunk it held ended. */
    IoStart chunkEnded(NativeSocket nat, long bytes, Failure failure, boolean closed) {
        chunkOff(bytes);
        boolean cancelledForBody = bodyFailure != null && failure != null
                && failure.error() == WsaError.WSA_OPERATION_ABORTED && !closed;
        if (failure != null && !cancelledForBody) {
            return stop(failure);
        }
        if (closed) {
            return stop(Failure.of(WsaError.WSA_OPERATION_ABORTED));
        }
        return next(nat);
    }

    /**
     * closesocket (C22): no chunk starts any more. Present: the send stopped now, after that many bytes; empty: the
     * chunk at the driver reports its end later, through {@link #chunkEnded}.
     */
    OptionalLong cancel(NativeSocket nat) {
        dropWaiting();
        if (atDriver != null) {
            OptionalLong stopped = nat.cancelSend();
            if (stopped.isEmpty()) {
                return stopped;
            }
            chunkOff(stopped.getAsLong());
        }
        return OptionalLong.of(sent);
    }

    /** Bytes that went out so far, the chunk at the driver's progress included (C5). */
    long progress(NativeSocket nat) {
        return sent + (atDriver != null ? nat.progress() : 0);
    }

    /** Whether {@code failure} is the body's own (a timeout of the body is no timeout of the connection). */
    boolean fromBody(Failure failure) {
        return failure != null && failure == bodyFailure;
    }

    /** Starts the waiting chunks, one at a time, until one is pending; or ends the send. */
    private IoStart next(NativeSocket nat) {
        while (atDriver == null) {
            if (bodyFailure != null) {
                return stop(bodyFailure);
            }
            Chunk chunk = waiting.poll();
            if (chunk == null) {
                return bodyEnded ? IoStart.completed(sent) : IoStart.pending();
            }
            IoStart start = nat.startSend(chunk, chunk.flags, completion);
            if (start.outcome() == IoStart.Outcome.PENDING) {
                atDriver = chunk;
                return start;
            }
            sent += start.bytesTransferred();
            chunk.close();
            if (start.outcome() == IoStart.Outcome.FAILED) {
                return stop(start.failure());
            }
        }
        return IoStart.pending();
    }

    private void chunkOff(long bytes) {
        sent += bytes;
        Chunk chunk = atDriver;
        atDriver = null;
        if (chunk != null) {
            chunk.close();
        }
    }

    private IoStart stop(Failure failure) {
        dropWaiting();
        return IoStart.failed(failure, sent);
    }

    private void dropWaiting() {
        for (Chunk chunk; (chunk = waiting.poll()) != null; ) {
            chunk.close();
        }
    }

    /**
     * The operation's hold on the ring: its payload, which it closes when it ended. It has no bytes of its own: the
     * chunks are what the driver sends.
     */
    Payload hold() {
        return new Payload() {
            private final AtomicBoolean closed = new AtomicBoolean();

            @Override
            public NativeMemory memory() {
                throw new IllegalStateException("A streamed send's bytes are in its chunks");
            }

            @Override
            public long[] bufferLengths() {
                return new long[] {totalBytes()};
            }

            @Override
            public long totalBytes() {
                return StreamedSend.this.totalBytes();
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    ring.release();
                }
            }
        };
    }

    /**
     * Bytes of one block that the driver sends as one WSASend of one buffer. It grows while it waits; once started
     * it is fixed. Closing it tells the ring its part of the block is no longer needed.
     */
    private final class Chunk implements Payload {
        private final StreamRing.Block block;
        private final long offset;
        private long length;
        private Set<SendFlag> flags;
        private NativeMemory view;
        private boolean closed;

        Chunk(StreamRing.Block block, long offset, long length, Set<SendFlag> flags) {
            this.block = block;
            this.offset = offset;
            this.length = length;
            this.flags = flags;
        }

        @Override
        public NativeMemory memory() {
            if (view == null) {
                view = block.memory().slice(offset, length);
            }
            return view;
        }

        @Override
        public long[] bufferLengths() {
            return new long[] {length};
        }

        @Override
        public long totalBytes() {
            return length;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ring.chunkOff(block);
            }
        }
    }
}
