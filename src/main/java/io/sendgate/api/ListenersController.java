package io.sendgate.api;

import io.sendgate.core.Futures;
import io.sendgate.core.ListenerPool;
import io.sendgate.core.PooledListener;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;
import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/api/v1/listeners")
@Tag(name = "Listeners")
class ListenersController {
    private static final int DEFAULT_BACKLOG = 16;

    private final ListenerPool listeners;

    ListenersController(ListenerPool listeners) {
        this.listeners = listeners;
    }

    @PostMapping
    @Operation(operationId = "listen", summary = "bind + listen", description = "Port 0 takes any free port; the answer reports the one chosen.")
    CompletableFuture<ResponseEntity<ListenerResponse>> listen(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
            @ExampleObject(name = "the reference's port", value = "{\"host\": \"127.0.0.1\", \"port\": 27015}"),
            @ExampleObject(name = "any free port", value = "{\"host\": \"127.0.0.1\", \"port\": 0, \"backlog\": 16}"),
            @ExampleObject(name = "a fake server that records what clients send", value =
                    "{\"host\": \"127.0.0.1\", \"port\": 0, \"autoAccept\": true, \"socket\": {\"capture\": true}}")}))
            @RequestBody ListenRequest request) {
        if (request.host() == null || request.port() == null) {
            throw new WsaException(WsaError.WSAEINVAL, "'host' and 'port' are required (port 0: any free port)");
        }
        boolean auto = Boolean.TRUE.equals(request.autoAccept());
        if (request.socket() != null && !auto) {
            throw new WsaException(WsaError.WSAEINVAL, "'socket' sets the attributes of sockets accepted by the "
                    + "listener itself: give it with autoAccept: true (for accept calls, the attributes go in their body)");
        }
        var attributes = auto ? (request.socket() == null ? AcceptRequest.DEFAULTS : request.socket()).toAttributes() : null;
        return Futures.then(listeners.listen(request.host(), request.port(),
                request.backlog() == null ? DEFAULT_BACKLOG : request.backlog(), attributes),
                l -> ResponseEntity.created(URI.create("/api/v1/listeners/" + l.id())).body(ListenerResponse.of(l)));
    }

    @GetMapping
    @Operation(operationId = "listListeners", summary = "List the listeners")
    List<ListenerResponse> list() {
        return listeners.list().stream().map(ListenerResponse::of).toList();
    }

    @GetMapping("/{listenerId}")
    @Operation(operationId = "getListener", summary = "Read one listener")
    ListenerResponse get(@Parameter(example = "l-1") @PathVariable String listenerId) {
        return ListenerResponse.of(listeners.get(listenerId));
    }

    @DeleteMapping("/{listenerId}")
    @Operation(operationId = "closeListener", summary = "Close a listener", description = "An accept waiting on it fails with WSAEINTR; accepted sockets stay in the pool.")
    ListenerResponse close(@Parameter(example = "l-1") @PathVariable String listenerId) {
        PooledListener l = listeners.get(listenerId);
        listeners.close(listenerId);
        return ListenerResponse.of(l);
    }

    @PostMapping("/{listenerId}/accept")
    @Operation(operationId = "accept", summary = "accept: wait up to timeoutMs for one incoming connection",
            description = "201 with the accepted socket, now in the pool; WSAETIMEDOUT when none came in time.")
    CompletableFuture<ResponseEntity<SocketResponse>> accept(
            @Parameter(example = "l-1") @PathVariable String listenerId,
            @Parameter(description = "How long to wait, in ms", example = "5000") @RequestParam(defaultValue = "5000") long timeoutMs,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, examples = @ExampleObject(name = "defaults", value = "{}")))
            @RequestBody(required = false) AcceptRequest attributes) {
        AcceptRequest wanted = attributes == null ? AcceptRequest.DEFAULTS : attributes;
        return Futures.then(listeners.accept(listenerId, timeoutMs, wanted.toAttributes()), socket -> {
            if (socket == null) {
                throw new WsaException(WsaError.WSAETIMEDOUT, "No connection came in within " + timeoutMs + " ms",
                        listenerId, null, 0);
            }
            return SocketsController.created(socket);
        });
    }
}
