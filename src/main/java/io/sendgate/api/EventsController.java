package io.sendgate.api;

import io.sendgate.core.SocketPool;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/** GET /api/v1/events: the completion log as Server-Sent Events (C17). */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events")
class EventsController {
    private final EventStreams streams;
    private final SocketPool pool;
    private final io.sendgate.core.CompletionLog log;

    EventsController(EventStreams streams, SocketPool pool, io.sendgate.core.CompletionLog log) {
        this.log = log;
        this.streams = streams;
        this.pool = pool;
    }

    @GetMapping
    @Operation(operationId = "streamEvents", summary = "Stream of completion and connection events",
            description = "Each overlapped operation's one completion as an event `completion` whose `id` is its "
                    + "place in the completion log and whose data is the operation; one socket's events come in "
                    + "submission order. A listener that accepts by itself announces each connection as an event `accepted` "
                    + "with the new socket; a connection reset because its peer is outside the allowlist is an event "
                    + "`refused`. Reconnecting with `Last-Event-ID` (or `lastEventId`) replays what was "
                    + "missed while it is retained; when it is not, an event `gone` says so first. A stream that falls "
                    + "more than sendgate.events.max-backlog events behind ends with an event `overflow` naming the id "
                    + "to resume from; stopping the service ends streams with an event `shutdown` after the aborted "
                    + "operations' events; its id is a number of its own, no completion's, so resuming from it "
                    + "neither loses nor repeats one. `Last-Event-ID: 0` replays every retained event. Idle streams get "
                    + "a comment line every sendgate.events.heartbeat. A `socketId` the pool never gave out is "
                    + "404 WSAENOTSOCK, an `operationId` never given out 404 WSA_INVALID_HANDLE; a closed socket's id is taken: "
                    + "its retained events replay, and nothing new comes.",
            responses = @ApiResponse(responseCode = "200", description = "text/event-stream",
                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, examples = @ExampleObject(
                            value = "id: 42\nevent: completion\ndata: {\"id\":7,\"socketId\":\"s-1\",\"status\":\"COMPLETED\","
                                    + "\"overlapped\":true,\"bytesTransferred\":4096,\"totalBytes\":4096,\"bufferCount\":1,"
                                    + "\"flags\":[],\"submittedAt\":\"2026-01-01T00:00:00Z\",\"completedAt\":\"2026-01-01T00:00:00.002Z\"}\n\n"))))
    void events(@Parameter(description = "Only these sockets' operations (repeatable); closed sockets' ids are taken", example = "s-1")
                @RequestParam(required = false) List<String> socketId,
                @Parameter(description = "Only these operations (repeatable)")
                @RequestParam(required = false) List<Long> operationId,
                @Parameter(description = "Resume after this event id, for clients that cannot set Last-Event-ID")
                @RequestParam(required = false) String lastEventId,
                @Parameter(description = "Resume after this event id (EventSource sends it when it reconnects)")
                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The header is what EventSource updates on reconnect; the query parameter stays as first given.
        Long after = resumePoint(lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventId);
        Set<String> sockets = socketId == null ? Set.of() : Set.copyOf(socketId);
        // an id never given out would stream nothing, forever: a typo must say so (C27)
        sockets.forEach(pool::requireIssued);
        Set<Long> operations = operationId == null ? Set.of() : Set.copyOf(operationId);
        operations.forEach(id -> Operations.requireIssued(log, id));
        if (HttpMethod.HEAD.matches(request.getMethod())) {
            // A HEAD has no body to stream: answering its headers must not take a stream's slot (C38).
            EventStreams.describeStream(response);
            return;
        }
        streams.open(request, response, after, e -> (sockets.isEmpty() || sockets.contains(e.socketId()))
                && (operations.isEmpty() || e.operation() != null && operations.contains(e.operation().id())));
    }

    private static Long resumePoint(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(given.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new WsaException(WsaError.WSAEINVAL, "Last-Event-ID must be an event id (0 or more), not '" + given + "'");
    }
}
