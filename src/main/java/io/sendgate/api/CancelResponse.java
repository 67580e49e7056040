package io.sendgate.api;

import java.util.List;

/** What SIO_FLUSH aborted: the ids of the overlapped operations, and how many sends in all. */
public record CancelResponse(String socketId, List<Long> abortedOperationIds, int abortedSends) {
}
