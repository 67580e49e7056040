package io.sendgate.core;

/**
 * What a send or receive gave: the operation (id 0 when not overlapped), and whether WSASend or WSARecv
 * answered WSA_IO_PENDING (decided once, when it answered: the operation may end a moment later).
 */
public record CallOutcome(Operation operation, boolean pending) {
}
