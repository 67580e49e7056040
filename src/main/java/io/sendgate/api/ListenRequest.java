package io.sendgate.api;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Binds and listens; port 0 takes any free port, reported in the answer")
public record ListenRequest(
        @Schema(example = "127.0.0.1", requiredMode = Schema.RequiredMode.REQUIRED) String host,
        @Schema(example = "27015", requiredMode = Schema.RequiredMode.REQUIRED) Integer port,
        @Schema(example = "16", description = "listen() backlog, default 16") Integer backlog,
        @Schema(description = "Accept every incoming connection into the pool by itself, announced as an `accepted` event (default false)")
        Boolean autoAccept,
        @Schema(description = "With autoAccept: the attributes every accepted socket gets, e.g. {\"capture\": true}")
        AcceptRequest socket) {
}
