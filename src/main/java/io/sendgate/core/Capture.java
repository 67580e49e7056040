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
 *
 * <p>What a waiting reader costs is bounded (C38): a read by offset and an expect of exact bytes cost, on
 * each append, a look at the bytes that arrived; a regular expression, which must look at the whole window
 * again, is looked for on the pattern thread in a {@link CaptureWindow.View}, never on the capture thread
 * nor under its lock, and appends that came while it looked are looked at together, once.
 */
public final class Capture {
    /** The most one capture receive asks for: a whole datagram of any size fits (C43). */
    static final int CHUNK = 64 << 10;
    /** How a capture ends when its socket is closed: readers' waits were cut, as a blocking receive's is. */
    private static final Failure CLOSED = new Failure(WsaError.WSAEINTR,
            "the socket was closed (closesocket) while the capture read");

    private final PooledSocket socket;
    private final NativeSockets natives;
    private final ByteBudget budget;
    private final Executor executor;
    private final Executor patterns;
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
    /** A look on the pattern thread is on its way; {@link #patternsDue}: the window changed since it took its view. */
    private boolean patternsScheduled;
    private boolean patternsDue;

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

    /**
     * What a waiting reader wants, looked at in a view of the window whenever it changed. A costly one (a
     * regular expression) is looked at on the pattern thread, the others at once under the capture's lock.
     */
    @FunctionalInterface
    interface Condition {
        /** @return the answer when the reader is satisfied, else null */
        Slice answer(CaptureWindow.View window, boolean ended, Failure failure);
    }

    /** @param closing what it is answered when the socket closes: looked at at once, whatever its cost */
    private record Waiter(Condition condition, Condition closing, boolean costly, CompletableFuture<Slice> answer) {
    }

    /**
     * Reserves the window's bytes and one receive's buffers from the budget (C28), and posts the first receive.
     *
     * @param executor where receives' completions are handled (the capture thread)
     * @param patterns where regular expressions are looked for (the pattern thread)
     * @throws WsaException WSAENOBUFS when the budget cannot hold them
     */
    Capture(PooledSocket socket, NativeSockets natives, ByteBudget budget, Executor executor, Executor patterns, int capacity) {
        this.socket = socket;
        this.natives = natives;
        this.budget = budget;
        this.executor = executor;
        this.patterns = patterns;
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
        // read before the capture's lock: the socket's lock is taken before it, never after (its view reads the capture)
        boolean closed = op != null && op.status() == OperationStatus.ABORTED && socket.closed();
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
                        // ABORTED: by closesocket, which ends the capture, or by SIO_FLUSH, after which it reads on
                        if (closed) {
                            end(CLOSED);
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

    /**
     * Under the lock, when the window changed or a reader came: the cheap waiters are looked at now (those
     * satisfied are answered after the lock is let go), and the pattern thread is asked to look at the others.
     */
    private List<Runnable> wake() {
        List<Runnable> out = new ArrayList<>();
        CaptureWindow.View view = window.view();
        boolean costly = false;
        Iterator<Waiter> it = waiters.iterator();
        while (it.hasNext()) {
            Waiter w = it.next();
            if (w.answer().isDone()) {
                it.remove();
            } else if (w.costly()) {
                costly = true;
            } else {
                Runnable answered = look(w, w.condition(), view, ended, failure);
                if (answered != null) {
                    it.remove();
                    out.add(answered);
                }
            }
        }
        if (costly) {
            patternsDue = true;
            if (!patternsScheduled) {
                patternsScheduled = true;
                out.add(() -> {
                    try {
                        patterns.execute(this::lookForPatterns);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // the service stops: Waits.close ends every wait (C23)
                    }
                });
            }
        }
        return out;
    }

    /**
     * Looks at one waiter in {@code view}.
     *
     * @return what answers it when it is satisfied (or failed), to run outside the lock; null otherwise
     */
    private static Runnable look(Waiter w, Condition condition, CaptureWindow.View view, boolean ended, Failure failure) {
        Slice s;
        try {
            s = condition.answer(view, ended, failure);
        } catch (RuntimeException e) {
            return () -> w.answer().completeExceptionally(e);
        }
        return s == null ? null : () -> w.answer().complete(s);
    }

    /**
     * On the pattern thread: the costly waiters, each looked at once in a view of the window as it is now,
     * then again as long as it changed meanwhile. Neither the capture thread nor its lock waits for this.
     */
    private void lookForPatterns() {
        while (true) {
            CaptureWindow.View view;
            boolean endedNow;
            Failure failureNow;
            List<Waiter> costly = new ArrayList<>();
            synchronized (lock) {
                waiters.removeIf(w -> w.answer().isDone());
                if (!patternsDue) {
                    patternsScheduled = false;
                    return;
                }
                patternsDue = false;
                view = window.view();
                endedNow = ended;
                failureNow = failure;
                for (Waiter w : waiters) {
                    if (w.costly()) {
                        costly.add(w);
                    }
                }
            }
            for (Waiter w : costly) {
                Runnable answered = w.answer().isDone() ? null : look(w, w.condition(), view, endedNow, failureNow);
                if (answered != null) {
                    answered.run();
                }
            }
        }
    }

    /**
     * The captured bytes from {@code from}, once at least {@code minBytes} of them are there, the stream
     * ended, or {@code timeout} passed (then with what is there). When another reader released bytes from
     * {@code from} on meanwhile, the answer starts where the held bytes start.
     */
    public CompletableFuture<Slice> received(long from, long minBytes, Duration timeout, Waits waits) {
        if (minBytes < 0 || minBytes > capacity) {
            throw new WsaException(WsaError.WSAEINVAL, "minBytes must be 0.." + capacity
                    + " (the capture holds at most that many: sendgate.limits.max-capture-bytes)", socket.id(), null, 0);
        }
        Condition enough = (w, ended, failure) -> w.end() - from >= minBytes || ended
                ? slice(w, from, w.end(), ended, failure, -1) : null;
        return await(from, false, enough, enough, Function.identity(), timeout, waits);
    }

    /**
     * The captured bytes from {@code from} up to the end of the first occurrence of {@code pattern}; fails
     * with WSAETIMEDOUT when {@code timeout} passes first, or at once when the stream ended without it
     * (WSAEDISCON, the code it failed with, or WSAEINTR when the socket was closed), both carrying what
     * did arrive.
     */
    public CompletableFuture<Slice> expect(CapturePattern pattern, long from, Duration timeout, Waits waits) {
        Condition endedWithout = (w, ended, failure) -> {
            WsaError why = failure == null ? WsaError.WSAEDISCON : failure.error();
            throw new NotFound(why, "The stream ended at offset " + w.end() + " without the pattern"
                    + (failure == null ? " (the peer closed it)" : ": " + failure.detail()), socket.id(),
                    slice(w, from, w.end(), true, failure, -1));
        };
        Condition found = (w, ended, failure) -> {
            long[] at = pattern.find(w, from);
            if (at != null) {
                return slice(w, from, at[1], false, null, at[0]);
            }
            return ended ? endedWithout.answer(w, true, failure) : null;
        };
        return await(from, pattern.costly(), found, endedWithout, arrived -> {
            throw new NotFound(WsaError.WSAETIMEDOUT, "The pattern did not arrive within " + timeout.toMillis()
                    + " ms; " + (arrived.to() - arrived.from()) + " bytes arrived from offset " + arrived.from(),
                    socket.id(), arrived);
        }, timeout, waits);
    }

    /**
     * Waits until {@code condition} is met, or {@code timeout} passes ({@code onTimeout} then answers from
     * the window as it is). Asking from {@code from} first releases every byte before it. A costly
     * condition is looked at on the pattern thread only, also the first time.
     *
     * @throws WsaException WSAEINVAL when {@code from} is negative, lies before the bytes still held, or
     *                      beyond what the capture can hold
     */
    private CompletableFuture<Slice> await(long from, boolean costly, Condition condition, Condition closing,
                                           Function<Slice, Slice> onTimeout, Duration timeout, Waits waits) {
        if (from < 0) {
            throw new WsaException(WsaError.WSAEINVAL, "from is a stream offset: 0 or more, not " + from,
                    socket.id(), null, 0);
        }
        CompletableFuture<Slice> answer = new CompletableFuture<>();
        // no wait asked for: answered at the first look, with what is there when it is not satisfied
        boolean once = timeout.isZero();
        Condition asked = !once ? condition : (w, ended, failure) -> {
            Slice s = condition.answer(w, ended, failure);
            return s != null ? s : onTimeout.apply(slice(w, from, w.end(), ended, failure, -1));
        };
        // a look on the pattern thread is a wait too, bounded in number like the others
        Waits.Slot slot = once && !costly ? null : waits.take(Waits.Kind.CAPTURE);
        List<Runnable> answers;
        try {
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
                waiters.add(new Waiter(asked, closing, costly, answer));
                answers = wake();
            }
        } catch (RuntimeException e) {
            if (slot != null) {
                slot.release();
            }
            throw e;
        }
        answers.forEach(Runnable::run);
        // Room was made: the capture may read again.
        post();
        if (slot == null) {
            return answer;
        }
        if (once) {
            answer.whenComplete((v, e) -> slot.release());
            return answer;
        }
        return waits.within(slot, answer, timeout, () -> {
            synchronized (lock) {
                waiters.removeIf(w -> w.answer() == answer);
                return CompletableFuture.completedFuture(onTimeout.apply(
                        slice(window.view(), from, window.end(), ended, failure, -1)));
            }
        });
    }

    /** Offsets of what was captured so far, for the socket's view. */
    public long capturedBytes() {
        return captured;
    }

    /**
     * The socket closed: readers get what is there, the stream's end marked WSAEINTR (closesocket cut their
     * wait, as it cuts a blocking receive's) unless it had ended before; the budget gets its bytes back once.
     */
    void close() {
        List<Runnable> answers;
        synchronized (lock) {
            end(CLOSED);
            // every reader is answered now, a costly pattern too, without looking for it
            answers = new ArrayList<>();
            CaptureWindow.View view = window.view();
            for (Waiter w : waiters) {
                Runnable answered = w.answer().isDone() ? null : look(w, w.closing(), view, ended, failure);
                if (answered != null) {
                    answers.add(answered);
                }
            }
            waiters.clear();
            if (!released) {
                released = true;
                budget.release(reservedBytes());
            }
        }
        answers.forEach(Runnable::run);
    }

    /**
     * The bytes of {@code view} from {@code from} (or where the held bytes start, when another reader released
     * it; or {@code to}, when that is earlier) to {@code to}.
     */
    private static Slice slice(CaptureWindow.View view, long from, long to, boolean ended, Failure failure, long matchStart) {
        long start = Math.min(Math.max(from, view.base()), to);
        boolean eof = ended && to == view.end();
        return new Slice(start, to, eof, eof && failure != null ? failure.error() : null, view.copy(start, to), matchStart);
    }
}
