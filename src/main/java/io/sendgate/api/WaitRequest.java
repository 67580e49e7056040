package io.sendgate.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** WSAWaitForMultipleEvents over operations (C16). */
@Schema(description = "Wait for any (or all) of these operations to end, at most timeoutMs")
public record WaitRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[1, 2, 3]",
                description = "1..sendgate.events.max-wait-operations operation ids") List<Long> operationIds,
        @Schema(example = "false", description = "true: until every one has ended; false (default): until one has")
        Boolean waitAll,
        @Schema(example = "1000", description = "0..sendgate.limits.max-wait in ms; absent: the longest wait allowed")
        Long timeoutMs) {
}
