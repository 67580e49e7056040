package io.sendgate.core;

import java.time.Instant;

/**
 * One entry of the completion log, numbered in the order the service saw it happen: an operation's one
 * completion (C11), a listener's connection notice (C40), or the service's stop. Exactly one of the three
 * is set. A stop is never handed to readers: it only takes a number, the id of the {@code shutdown} event
 * that ends each stream, so that id is no completion's and resuming from it neither loses nor repeats one.
 */
public record LogEvent(long sequence, Operation operation, ConnectionNotice notice, Instant stoppedAt) {
    static LogEvent of(long sequence, Operation operation) {
        return new LogEvent(sequence, operation, null, null);
    }

    static LogEvent of(long sequence, ConnectionNotice notice) {
        return new LogEvent(sequence, null, notice, null);
    }

    static LogEvent stop(long sequence, Instant at) {
        return new LogEvent(sequence, null, null, at);
    }

    /** The service's stop, which readers skip. */
    public boolean isStop() {
        return stoppedAt != null;
    }

    /** The socket it concerns, or null (a refused connection never became one; a stop concerns none). */
    public String socketId() {
        return operation != null ? operation.socketId() : notice != null ? notice.socketId() : null;
    }

    Instant at() {
        return operation != null ? operation.completedAt() : notice != null ? notice.at() : stoppedAt;
    }
}
