package io.sendgate.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

@Schema(description = "One WSASend: the buffers in order, flags, and whether it is overlapped")
public record SendRequest(
        @ArraySchema(minItems = 1, schema = @Schema(implementation = BufferSpec.class)) List<BufferSpec> buffers,
        @ArraySchema(schema = @Schema(allowableValues = {"MSG_OOB", "MSG_DONTROUTE", "MSG_PARTIAL"})) List<String> flags,
        @Schema(description = "Default: the socket's own overlapped attribute") Boolean overlapped) {
}
