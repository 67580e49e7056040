package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One send: an overlapped operation with an id and exactly one completion (C11), or the inner record of
 * a non-overlapped send, which gets no id. It owns its payload until it ends, then frees it once.
 */
public final class Operation {
    private volatile long id;
    private final String socketId;
    private final boolean overlapped;
    private final int bufferCount;
    private final long totalBytes;
    private final Set<SendFlag> flags;
    private final Instant submittedAt;
    private final CompletableFuture<Operation> done = new CompletableFuture<>();
    private Payload payload;

    private volatile OperationStatus status = OperationStatus.PENDING;
    private volatile long bytesTransferred;
    private volatile Failure failure;
    private volatile Instant completedAt;
    private volatile Failure abandonReason;

    Operation(String socketId, boolean overlapped, Payload payload, Set<SendFlag> flags, Clock clock) {
        this.socketId = socketId;
        this.overlapped = overlapped;
        this.payload = payload;
        this.bufferCount = payload.bufferCount();
        this.totalBytes = payload.totalBytes();
        this.flags = Set.copyOf(flags);
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
        status = outcome;
        payload.close();
        payload = null;
        done.complete(this);
        return true;
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

    public long totalBytes() {
        return totalBytes;
    }

    public Set<SendFlag> flags() {
        return flags;
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
