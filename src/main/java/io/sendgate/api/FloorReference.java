package io.sendgate.api;

import io.sendgate.core.OperationKind;
import io.sendgate.core.OperationStatus;
import io.sendgate.core.PooledSocket;
import io.sendgate.core.PayloadFactory;
import io.sendgate.core.SendService;
import io.sendgate.core.port.Payload;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The floor a small send is measured against (bench/run.sh): a request of a send's shape, through the same
 * edge filter and handler lookup, its body read by the send's own reader into native memory as a send's is,
 * answering an operation of the same size written the same way; with no native call and no operation kept.
 * What a send costs above it is the operation itself. Only there when {@code sendgate.bench.floor=true},
 * which the benchmark sets; never part of the API.
 */
@Hidden
@RestController
@ConditionalOnBooleanProperty("sendgate.bench.floor")
class FloorReference {
    private final SendService sends;
    private final PayloadFactory payloads;

    FloorReference(SendService sends, PayloadFactory payloads) {
        this.sends = sends;
        this.payloads = payloads;
    }

    @PostMapping(path = "/api/v1/bench/sockets/{socketId}/floor", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OperationResponse> floor(@PathVariable String socketId, HttpServletRequest request) throws IOException {
        PooledSocket socket = sends.target(socketId);
        long length = request.getContentLengthLong();
        JsonSendReader.JsonSend json = JsonSendReader.read(request.getInputStream(), payloads.builder(length > 0 ? length : 0));
        long bytes;
        int buffers;
        try (Payload payload = json.payload()) {
            FlagNames.sendFlags(json.flags());
            bytes = payload.totalBytes();
            buffers = payload.bufferCount();
        }
        Instant now = Instant.now();
        OperationResponse body = new OperationResponse(0L, socket.id(), OperationKind.SEND, OperationStatus.COMPLETED,
                true, bytes, bytes, buffers, List.of(), null, null, null, null, null, null, now, now);
        return ResponseEntity.ok().location(URI.create("/api/v1/operations/0")).body(body);
    }
}
