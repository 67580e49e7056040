package io.sendgate.core;

public enum OperationStatus {
    PENDING,
    COMPLETED,
    FAILED,
    ABORTED
}
