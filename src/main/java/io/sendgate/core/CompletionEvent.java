package io.sendgate.core;

/** An operation's one completion (C11), numbered in the order the service saw them end. */
public record CompletionEvent(long sequence, Operation operation) {
}
