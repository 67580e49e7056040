package io.sendgate.api;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Attributes for the accepted socket; every field is optional")
public record AcceptRequest(
        Boolean overlapped,
        Boolean nonBlocking,
        Long sendTimeoutMs,
        Long receiveTimeoutMs,
        Boolean capture,
        Integer sendBufferBytes,
        Boolean noDelay,
        Boolean keepAlive) implements AttributeFields {

    static final AcceptRequest DEFAULTS = new AcceptRequest(null, null, null, null, null, null, null, null);
}
