package io.sendgate.api;

import io.sendgate.core.port.SocketKind;
import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Opens a socket: TCP connects to remoteHost:remotePort (without them it stays unconnected); "
        + "UDP takes them as its default peer.")
public record OpenSocketRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "TCP") SocketKind type,
        @Schema(example = "127.0.0.1", description = "IPv4, IPv6 or a name; must be in the allowlist") String remoteHost,
        @Schema(example = "27015") Integer remotePort,
        @Schema(description = "Created for overlapped I/O (default true)") Boolean overlapped,
        @Schema(description = "FIONBIO for non-overlapped sends (default false)") Boolean nonBlocking,
        @Schema(description = "SO_SNDTIMEO for blocking sends, in ms; 0 or absent: no timeout") Long sendTimeoutMs,
        @Schema(description = "SO_RCVTIMEO for blocking receives, in ms; 0 or absent: no timeout") Long receiveTimeoutMs,
        @Schema(description = "Receive continuously into the socket's capture buffer, read at /received and /expect (default false)") Boolean capture,
        @Schema(description = "SO_SNDBUF") Integer sendBufferBytes,
        @Schema(description = "TCP_NODELAY") Boolean noDelay,
        @Schema(description = "SO_KEEPALIVE") Boolean keepAlive) implements AttributeFields {
}
