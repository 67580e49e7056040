package io.sendgate.api;

import io.sendgate.core.Futures;
import io.sendgate.core.PooledSocket;
import io.sendgate.core.SocketPool;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;
import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/api/v1/sockets")
@Tag(name = "Sockets")
class SocketsController {
    private final SocketPool pool;

    SocketsController(SocketPool pool) {
        this.pool = pool;
    }

    @PostMapping
    @Operation(operationId = "openSocket", summary = "Open a socket (socket + connect)",
            description = "TCP connects to remoteHost:remotePort; UDP sets its default peer. "
                    + "Try it after creating the listener of POST /api/v1/listeners on 127.0.0.1:27015.")
    CompletableFuture<ResponseEntity<SocketResponse>> open(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
            @ExampleObject(name = "TCP client", value = "{\"type\": \"TCP\", \"remoteHost\": \"127.0.0.1\", \"remotePort\": 27015}"),
            @ExampleObject(name = "UDP with a default peer", value = "{\"type\": \"UDP\", \"remoteHost\": \"127.0.0.1\", \"remotePort\": 9}"),
            @ExampleObject(name = "TCP, non-blocking, small send buffer", value = "{\"type\": \"TCP\", \"remoteHost\": \"127.0.0.1\", "
                    + "\"remotePort\": 27015, \"overlapped\": false, \"nonBlocking\": true, \"sendBufferBytes\": 4096}"),
            @ExampleObject(name = "TCP, blocking with a send timeout", value = "{\"type\": \"TCP\", \"remoteHost\": \"127.0.0.1\", "
                    + "\"remotePort\": 27015, \"overlapped\": false, \"sendTimeoutMs\": 2000}")}))
            @RequestBody OpenSocketRequest request) {
        if (request.type() == null) {
            throw new WsaException(WsaError.WSAEINVAL, "'type' is required: TCP or UDP");
        }
        return Futures.then(pool.open(request.type(), request.remoteHost(), request.remotePort(),
                request.toAttributes()), SocketsController::created);
    }

    static ResponseEntity<SocketResponse> created(PooledSocket socket) {
        return ResponseEntity.created(URI.create("/api/v1/sockets/" + socket.id())).body(SocketResponse.of(socket.view()));
    }

    @GetMapping
    @Operation(operationId = "listSockets", summary = "List the pool",
            description = "With acceptedFrom: only the sockets that listener accepted (an auto-accepting listener's connections)")
    List<SocketResponse> list(@Parameter(description = "A listener's id", example = "l-1")
                              @org.springframework.web.bind.annotation.RequestParam(required = false) String acceptedFrom) {
        return pool.list().stream().map(s -> SocketResponse.of(s.view()))
                .filter(s -> acceptedFrom == null || acceptedFrom.equals(s.acceptedFrom())).toList();
    }

    @GetMapping("/{socketId}")
    @Operation(operationId = "getSocket", summary = "Read one socket: state, addresses, attributes, counters")
    SocketResponse get(@Parameter(example = "s-1") @PathVariable String socketId) {
        return SocketResponse.of(pool.get(socketId).view());
    }

    @DeleteMapping("/{socketId}")
    @Operation(operationId = "closeSocket", summary = "closesocket",
            description = "Every pending operation ends with WSA_OPERATION_ABORTED and the bytes it had sent; "
                    + "the answer is the socket's last picture.")
    SocketResponse close(@Parameter(example = "s-1") @PathVariable String socketId) {
        PooledSocket socket = pool.get(socketId);
        pool.close(socketId);
        return SocketResponse.of(socket.view());
    }

    @PostMapping("/{socketId}/shutdown")
    @Operation(operationId = "shutdownSocket", summary = "shutdown (SD_SEND, SD_RECEIVE, SD_BOTH)",
            description = "Sends already accepted still go out before the send side is shut; later sends fail with WSAESHUTDOWN.")
    SocketResponse shutdown(@Parameter(example = "s-1") @PathVariable String socketId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject(name = "SD_SEND", value = "{\"how\": \"SD_SEND\"}")))
            @RequestBody ShutdownRequest request) {
        if (request.how() == null) {
            throw new WsaException(WsaError.WSAEINVAL, "'how' is required: SD_SEND, SD_RECEIVE or SD_BOTH");
        }
        return SocketResponse.of(pool.get(socketId).shutdown(request.how()));
    }

    @PostMapping("/{socketId}/cancel")
    @Operation(operationId = "cancelSends", summary = "SIO_FLUSH: abort the queued sends that have not started",
            description = "They end with WSA_OPERATION_ABORTED; the send in progress finishes or fails.")
    CancelResponse cancel(@Parameter(example = "s-1") @PathVariable String socketId) {
        var aborted = pool.get(socketId).cancelQueued();
        return new CancelResponse(socketId,
                aborted.stream().filter(op -> op.overlapped()).map(op -> op.id()).toList(), aborted.size());
    }
}
