package io.sendgate.core;

import java.time.Instant;

/**
 * One entry of the completion log, numbered in the order the service saw it happen: an operation's one
 * completion (C11), or a listener's connection notice (C40). Exactly one of the two is set.
 */
public record LogEvent(long sequence, Operation operation, ConnectionNotice notice) {
    static LogEvent of(long sequence, Operation operation) {
        return new LogEvent(sequence, operation, null);
    }

    static LogEvent of(long sequence, ConnectionNotice notice) {
        return new LogEvent(sequence, null, notice);
    }

    /** The socket it concerns, or null (a refused connection never became one). */
    public String socketId() {
        return operation != null ? operation.socketId() : notice.socketId();
    }

    Instant at() {
        return operation != null ? operation.completedAt() : notice.at();
    }
}
