package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;
import io.sendgate.core.port.SendFlag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One send or receive: an overlapped operation with an id and exactly one completion (C11, C41), or the
 * inner record of a non-overlapped one, which gets no id. It owns its buffers until it ends, then frees
 * them once; a receive first copies what it received out of them.
 */
public final class Operation {
    private volatile long id;
    private final String socketId;
    private final OperationKind kind;
    private final boolean overlapped;
    private final int bufferCount;
    private final long totalBytes;
    private final Set<? extends Enum<?>> flags;
    /** Named once: every answer, poll and event of the operation shows them. */
    private final java.util.List<String> flagNames;
    private final Instant submittedAt;
    private final CompletableFuture<Operation> done = new CompletableFuture<>();
    private Payload payload;
    /** A streamed send's chunks (issue #10); null for every other operation. */
    private final StreamedSend stream;

    private volatile OperationStatus status = OperationStatus.PENDING;
    private volatile long bytesTransferred;
    private volatile Failure failure;
    private volatile Instant completedAt;
    private volatile Failure abandonReason;
    private volatile byte[] data;
    /** A batch's delayMs: how long the operation waits at the head of its queue before it starts. */
    private Duration startDelay = Duration.ZERO;
    private OperationQueue.StartTimer startTimer;

    Operation(String socketId, boolean overlapped, Payload payload, Set<SendFlag> flags, Clock clock) {
        this(socketId, OperationKind.SEND, overlapped, payload, flags, clock);
    }

    static Operation receive(String socketId, boolean overlapped, Payload buffers, Set<ReceiveFlag> flags, Clock clock) {
        return new Operation(socketId, OperationKind.RECEIVE, overlapped, buffers, flags, clock, null);
    }

    /** An overlapped send whose bytes go out in chunks as its body arrives; it holds the stream's ring until it ends. */
    static Operation streamed(String socketId, StreamedSend stream, Set<SendFlag> flags, Clock clock) {
        return new Operation(socketId, OperationKind.SEND, true, stream.hold(), flags, clock, stream);
    }

    private Operation(String socketId, OperationKind kind, boolean overlapped, Payload payload,
                      Set<? extends Enum<?>> flags, Clock clock) {
        this(socketId, kind, overlapped, payload, flags, clock, null);
    }

    private Operation(String socketId, OperationKind kind, boolean overlapped, Payload payload,
                      Set<? extends Enum<?>> flags, Clock clock, StreamedSend stream) {
        this.stream = stream;
        this.socketId = socketId;
        this.kind = kind;
        this.overlapped = overlapped;
        this.payload = payload;
        this.bufferCount = payload.bufferCount();
        this.totalBytes = payload.totalBytes();
        this.flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        this.flagNames = this.flags.isEmpty() ? java.util.List.of()
                : this.flags.stream().sorted(java.util.Comparator.comparingInt(Enum::ordinal)).map(Enum::name).toList();
        this.submittedAt = clock.instant();
    }

    /**
     * Ends the operation once: sets its outcome, frees its payload and wakes whoever waits on it.
     *
     * @return false when it had already ended
     */
    synchronized boolean end(OperationStatus outcome, long bytes, Failure why, Instant at) {
        if (status != OperationStatus.PENDING) {
            return false;
        }
        bytesTransferred = bytes;
        failure = why;
        completedAt = at;
        if (kind == OperationKind.RECEIVE) {
            data = new byte[(int) bytes];
            payload.memory().read(0, data, 0, data.length);
        }
        status = outcome;
        payload.close();
        payload = null;
        done.complete(this);
        return true;
    }

    /** Set before the operation is accepted: it starts {@code delay} after it reached the head of its queue. */
    void delayStart(Duration delay, OperationQueue.StartTimer timer) {
        this.startDelay = delay;
        this.startTimer = timer;
    }

    /** The start delay still to wait; zero once it has been waited (or when there is none). */
    Duration startDelay() {
        return startDelay;
    }

    OperationQueue.StartTimer startTimer() {
        return startTimer;
    }

    void delayWaited() {
        startDelay = Duration.ZERO;
    }

    void assignId(long id) {
        this.id = id;
    }

    /** A blocking send whose time ran out is being taken back; it ends ABORTED with this reason. */
    void abandon(Failure reason) {
        abandonReason = reason;
    }

    boolean abandoned() {
        return abandonReason != null;
    }

    Failure abandonReason() {
        return abandonReason;
    }

    synchronized Payload payload() {
        return payload;
    }

    /** Completes when the operation ends; never completes exceptionally. */
    public CompletableFuture<Operation> done() {
        return done;
    }

    /** 0 for a non-overlapped send, which is not an operation one can read later. */
    public long id() {
        return id;
    }

    public String socketId() {
        return socketId;
    }

    public boolean overlapped() {
        return overlapped;
    }

    public int bufferCount() {
        return bufferCount;
    }

    /** A streamed send's is its body's declared length, or while it has none, the bytes that arrived so far. */
    public long totalBytes() {
        return stream != null ? stream.totalBytes() : totalBytes;
    }

    /** The chunks of a streamed send; null for any other operation. */
    StreamedSend stream() {
        return stream;
    }

    /**
     * What a pending operation reports as moved: a streamed send, the bytes of its chunks that went out; any other,
     * 0 (WSAGetOverlappedResult tells the count of an overlapped operation when it ended).
     */
    public long pendingBytes() {
        return stream != null ? stream.sent() : 0;
    }

    public OperationKind kind() {
        return kind;
    }

    /** The flags' names, in their table's order. */
    public java.util.List<String> flagNames() {
        return flagNames;
    }

    @SuppressWarnings("unchecked")
    Set<SendFlag> sendFlags() {
        return kind == OperationKind.SEND ? (Set<SendFlag>) flags : Set.of();
    }

    @SuppressWarnings("unchecked")
    Set<ReceiveFlag> receiveFlags() {
        return kind == OperationKind.RECEIVE ? (Set<ReceiveFlag>) flags : Set.of();
    }

    /**
     * What an ended receive put in its buffers (its first {@code bytesTransferred} bytes, in buffer order);
     * null for a send and while pending. The caller must not change it.
     */
    public byte[] data() {
        return data;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public OperationStatus status() {
        return status;
    }

    public long bytesTransferred() {
        return bytesTransferred;
    }

    /** Why it did not complete; null while pending and when completed. */
    public WsaError error() {
        Failure f = failure;
        return f == null ? null : f.error();
    }

    /** The code and the platform's words for it; null while pending and when completed. */
    public Failure failure() {
        return failure;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public boolean isPending() {
        return status == OperationStatus.PENDING;
    }
}
