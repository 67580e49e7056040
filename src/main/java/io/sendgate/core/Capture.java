package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.Payload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A socket's capture (C44): the service keeps one receive posted on it and appends what arrives to a
 * bounded {@link CaptureWindow}. When the window is full no receive is posted, so the peer feels TCP's
 * back-pressure and no byte is ever dropped; a reader asking from an offset releases what came before it.
 * Readers wait for bytes or for a pattern without holding a thread.
 *
 * <p>Built on receives, not beside them: its receives join the socket's receive queue like any other, so
 * receives a client posts on the same socket share the stream with capture in posting order. Each
 * completion is handled on {@code executor}, never on the driver's thread under the socket's lock, which
 * also keeps a stream of receives that complete at once from nesting.
 */
public final class Capture {
    /** The most one capture receive asks for: a whole datagram of any size fits (C43). */
    static final int CHUNK = 64 << 10;

    private final PooledSocket socket;
    private final NativeSockets natives;
    private final ByteBudget budget;
    private final Executor executor;
    private final int capacity;
    private final boolean datagram;
    private final Object lock = new Object();
    private final CaptureWindow window;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean posted;
    private boolean ended;
    private Failure failure;
    private boolean released;
    /** The window's end, readable without the lock: the socket's view reads it under the socket's lock. */
    private volatile long captured;

    /**
     * What a reader is told: the bytes from {@code from} to {@code to}, whether the stream ended there (and
     * with which code, when it failed), and for an expect where the pattern starts ({@code -1} otherwise).
     */
    public record Slice(long from, long to, boolean eof, WsaError error, byte[] bytes, long matchStart) {
    }

    /** An expect that ran out of time, or whose stream ended without the pattern: what did arrive. */
    public static final class NotFound extends WsaException {
        private final transient Slice arrived;

        NotFound(WsaError error, String message, String socketId, Slice arrived) {
            super(error, message, socketId, null, 0);
            this.arrived = arrived;
        }

        public Slice arrived() {
            return arrived;
        }
    }

    /** What a waiting reader wants; evaluated under the capture's lock whenever the window changes. */
    @FunctionalInterface
    interface Condition {
        /** @return the answer when the reader is satisfied, else null */
        Slice answer(CaptureWindow window, boolean ended, Failure failure);
    }

    private record Waiter(Condition condition, CompletableFuture<Slice> answer) {
    }

    /**
     * Reserves the window's bytes and one receive's buffers from the budget (C28), and posts the first receive.
     *
     * @throws WsaException WSAENOBUFS when the budget cannot hold them
     */
    Capture(PooledSocket socket, NativeSockets natives, ByteBudget budget, Executor executor, int capacity) {
        this.socket = socket;
        this.natives = natives;
        this.budget = budget;
        this.executor = executor;
        this.capacity = capacity;
        this.datagram = !socket.kind().isStream();
        this.window = new CaptureWindow(capacity);
        budget.reserve(reservedBytes());
    }

    private long reservedBytes() {
        return (long) capacity + CHUNK;
    }

    /** Posts a receive when none is and the window has room for what it may bring. */
    void post() {
        int size;
        synchronized (lock) {
            int room = window.free();
            // a datagram longer than the buffers would lose its tail (C43), so UDP waits for room for any datagram
            if (posted || ended || room == 0 || datagram && room < Math.min(CHUNK, capacity)) {
                return;
            }
            size = Math.min(CHUNK, room);
            posted = true;
        }
        Operation op;
        try {
            Payload buffers = PayloadFactory.captured(natives.allocate(size), new long[] {size}, size, 0, budget);
            op = socket.newReceive(IoMode.BLOCKING, buffers, Set.of());
            socket.submit(op);
        } catch (WsaException e) {
            arrived(null, e.error() == WsaError.WSAENOTSOCK ? null : Failure.of(e));
            return;
        } catch (RuntimeException e) {
            arrived(null, Failure.of(e));
            return;
        }
        op.done().thenAcceptAsync(ended -> arrived(ended, null), executor);
    }

    /** A capture receive ended (or could not be posted): append, wake readers, post the next. */
    private void arrived(Operation op, Failure notPosted) {
        // read before the capture's lock: the socket's view takes the socket's lock, which is taken before
        // the capture's elsewhere (the view reads how far capture got)
        boolean socketClosed = op != null && op.status() == OperationStatus.ABORTED
                && socket.view().state() == SocketState.CLOSED;
        List<Runnable> answers;
        synchronized (lock) {
            posted = false;
            if (op == null) {
                end(notPosted);
            } else {
                byte[] data = op.data();
                window.append(data);
                captured = window.end();
                switch (op.status()) {
                    case COMPLETED -> {
                        if (data.length == 0 && !datagram) {
                            end(null);
                        }
                    }
                    case FAILED -> {
                        if (op.error() != WsaError.WSAEMSGSIZE) {
                            end(op.failure());
                        }
                    }
                    default -> {
                        // SIO_FLUSH aborts a capture receive that was still queued: capture goes on;
                        // only the socket's close ends it
                        if (socketClosed) {
                            end(null);
                        }
                    }
                }
            }
            answers = wake();
        }
        answers.forEach(Runnable::run);
        post();
    }

    private void end(Failure why) {
        if (!ended) {
            ended = true;
            failure = why;
        }
    }

    /** Under the lock: the waiters now satisfied, answered after it is let go. */
    private List<Runnable> wake() {
        List<Runnable> out = new ArrayList<>();
        Iterator<Waiter> it = waiters.iterator();
        while (it.hasNext()) {
            Waiter w = it.next();
            if (w.answer().isDone()) {
                it.remove();
                continue;
            }
            Slice s;
            try {
                s = w.condition().answer(window, ended, failure);
            } catch (RuntimeException e) {
                it.remove();
                out.add(() -> w.answer().completeExceptionally(e));
                continue;
            }
            if (s != null) {
                it.remove();
                out.add(() -> w.answer().complete(s));
            }
        }
        return out;
    }

    /**
     * The captured bytes from {@code from}, once at least {@code minBytes} of them are there, the stream
     * ended, or {@code timeout} passed (then with what is there).
     */
    public CompletableFuture<Slice> received(long from, long minBytes, Duration timeout, Waits waits) {
        if (minBytes < 0 || minBytes > capacity) {
            throw new WsaException(WsaError.WSAEINVAL, "minBytes must be 0.." + capacity
                    + " (the capture holds at most that many: sendgate.limits.max-capture-bytes)", socket.id(), null, 0);
        }
        return await(from, (w, ended, failure) -> w.end() - from >= minBytes || ended
                ? slice(w, from, w.end(), ended, failure, -1) : null, Function.identity(), timeout, waits);
    }

    /**
     * The captured bytes from {@code from} up to the end of the first occurrence of {@code pattern}; fails
     * with WSAETIMEDOUT when {@code timeout} passes first, or at once when the stream ended without it
     * (WSAEDISCON, or the code it failed with), both carrying what did arrive.
     */
    public CompletableFuture<Slice> expect(CapturePattern pattern, long from, Duration timeout, Waits waits) {
        return await(from, (w, ended, failure) -> {
            long[] found = pattern.find(w, from);
            if (found != null) {
                return slice(w, from, found[1], false, null, found[0]);
            }
            if (ended) {
                WsaError why = failure == null ? WsaError.WSAEDISCON : failure.error();
                throw new NotFound(why, "The stream ended at offset " + w.end() + " without the pattern"
                        + (failure == null ? " (the peer closed it)" : ": " + failure.detail()), socket.id(),
                        slice(w, from, w.end(), true, failure, -1));
            }
            return null;
        }, arrived -> {
            throw new NotFound(WsaError.WSAETIMEDOUT, "The pattern did not arrive within " + timeout.toMillis()
                    + " ms; " + (arrived.to() - arrived.from()) + " bytes arrived from offset " + arrived.from(),
                    socket.id(), arrived);
        }, timeout, waits);
    }

    /**
     * Waits until {@code condition} is met, or {@code timeout} passes ({@code onTimeout} then answers from
     * the window as it is). Asking from {@code from} first releases every byte before it.
     *
     * @throws WsaException WSAEINVAL when {@code from} lies before the bytes still held
     */
    private CompletableFuture<Slice> await(long from, Condition condition, Function<Slice, Slice> onTimeout, Duration timeout,
                                   Waits waits) {
        CompletableFuture<Slice> answer = new CompletableFuture<>();
        synchronized (lock) {
            if (from < window.base()) {
                throw new WsaException(WsaError.WSAEINVAL, "The captured bytes before offset " + window.base()
                        + " were released when a reader asked from a later offset; ask from " + window.base()
                        + " or later", socket.id(), null, 0);
            }
            if (from > window.end() + capacity) {
                throw new WsaException(WsaError.WSAEINVAL, "Offset " + from + " lies beyond what the capture can "
                        + "hold: " + window.end() + " bytes so far, " + capacity + " held at most", socket.id(), null, 0);
            }
            window.releaseBefore(from);
            Slice now = condition.answer(window, ended, failure);
            if (now != null) {
                answer.complete(now);
            } else if (timeout.isZero()) {
                answer.complete(onTimeout.apply(sliceFrom(from)));
            } else {
                waiters.add(new Waiter(condition, answer));
            }
        }
        // Room was made: the capture may read again.
        post();
        if (answer.isDone()) {
            return answer;
        }
        Waits.Slot slot = waits.take(Waits.Kind.CAPTURE);
        return waits.within(slot, answer, timeout, () -> {
            synchronized (lock) {
                waiters.removeIf(w -> w.answer() == answer);
                return CompletableFuture.completedFuture(onTimeout.apply(sliceFrom(Math.max(from, window.base()))));
            }
        });
    }

    /** Under the lock: everything held from {@code from} on. */
    private Slice sliceFrom(long from) {
        long start = Math.min(Math.max(from, window.base()), window.end());
        return slice(window, start, window.end(), ended, failure, -1);
    }

    /** Offsets of what was captured so far, for the socket's view. */
    public long capturedBytes() {
        return captured;
    }

    /** The socket closed: readers get what is there, and the budget gets its bytes back once. */
    void close() {
        List<Runnable> answers;
        synchronized (lock) {
            end(null);
            answers = wake();
            if (!released) {
                released = true;
                budget.release(reservedBytes());
            }
        }
        answers.forEach(Runnable::run);
    }

    private static Slice slice(CaptureWindow window, long from, long to, boolean ended, Failure failure, long matchStart) {
        boolean eof = ended && to == window.end();
        return new Slice(from, to, eof, eof && failure != null ? failure.error() : null, window.copy(from, to), matchStart);
    }
}
