package io.sendgate.jna.winsock;

/**
 * What WSAGetOverlappedResult said of a completed operation: its count, and 0 or the WSA code it failed with
 * (WSAGetOverlappedResult gives Winsock's codes, where the packet's NTSTATUS would need translating).
 */
record OverlappedResult(long bytes, int error) {
}
