package io.sendgate.api;

import io.sendgate.core.Futures;
import io.sendgate.core.Limits;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.PooledSocket;
import io.sendgate.core.PayloadFactory;
import io.sendgate.core.SendService;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

@RestController
@RequestMapping("/api/v1/sockets/{socketId}/sends")
@Tag(name = "Sends")
class SendsController {
    private final SendService sends;
    private final PayloadFactory payloads;
    private final Limits limits;
    private final int maxPartHeaderBytes;
    /** How long a streamed send may take no byte: as long as the server waits for a client's next byte. */
    private final Duration readTimeout;

    SendsController(SendService sends, PayloadFactory payloads, Limits limits,
                    @Value("${server.tomcat.max-part-header-size:512B}") DataSize maxPartHeaderSize,
                    @Value("${server.tomcat.connection-timeout:60s}") Duration readTimeout) {
        this.sends = sends;
        this.payloads = payloads;
        this.limits = limits;
        this.maxPartHeaderBytes = (int) Math.min(Integer.MAX_VALUE, maxPartHeaderSize.toBytes());
        this.readTimeout = readTimeout.isNegative() || readTimeout.isZero() ? Duration.ofSeconds(60) : readTimeout;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "send", summary = "WSASend: JSON buffers, a raw body, or one buffer per multipart part",
            description = "200: completed now (WSASend returned 0), or a non-blocking send's partial count. "
                    + "202: pending (WSA_IO_PENDING); read it at Location. Failures are problem details with the WSA code, "
                    + "and then no operation exists. With application/octet-stream the body is one buffer; with "
                    + "multipart/form-data each part is a buffer, in part order; for both, flags and overlapped are query parameters.",
            parameters = {
                    @Parameter(name = "flags", in = ParameterIn.QUERY, description = "octet-stream and multipart only: "
                            + "MSG_OOB, MSG_DONTROUTE, MSG_PARTIAL (repeat or comma-separate)",
                            array = @ArraySchema(schema = @Schema(type = "string", allowableValues = {"MSG_OOB", "MSG_DONTROUTE", "MSG_PARTIAL"}))),
                    @Parameter(name = "overlapped", in = ParameterIn.QUERY, description = "octet-stream and multipart only; "
                            + "default: the socket's attribute", schema = @Schema(type = "boolean")),
                    @Parameter(name = "stream", in = ParameterIn.QUERY, description = "octet-stream only, overlapped "
                            + "sends on TCP sockets: true starts the send while the body still arrives, its bytes going "
                            + "out in order as they come, with nothing of other sends between them. The answer comes "
                            + "once the body was read. A body cut short (or one that passes max-bytes-per-send) fails the "
                            + "operation with the bytes already sent (WSAEFAULT, WSAENOBUFS), and when some went out, "
                            + "later sends on the socket fail with WSAECONNABORTED. On UDP: 400 WSAEOPNOTSUPP; "
                            + "not overlapped: 400 WSAEINVAL.", schema = @Schema(type = "boolean", defaultValue = "false"))},
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SendRequest.class),
                            examples = {
                                    @ExampleObject(name = "two buffers", value = "{\"buffers\": [{\"text\": \"Hello, \"}, {\"base64\": \"V29ybGQh\"}]}"),
                                    @ExampleObject(name = "hex with MSG_OOB", value = "{\"buffers\": [{\"hex\": \"0102ff\"}], \"flags\": [\"MSG_OOB\"]}"),
                                    @ExampleObject(name = "4096 bytes (the reference's example)", value = "{\"buffers\": [{\"text\": \""
                                            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}]}")}),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(type = "object",
                            description = "Any number of parts; each one is a buffer, in order"))}),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Completed now",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = OperationResponse.class))),
                    @ApiResponse(responseCode = "202", description = "Pending: WSA_IO_PENDING",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = OperationResponse.class)))})
    CompletableFuture<ResponseEntity<OperationResponse>> sendJson(@Parameter(example = "s-1") @PathVariable String socketId,
                                                                  HttpServletRequest request) {
        // The body streams into native memory as it is read (C39), so an unknown socket is refused first.
        PooledSocket socket = sends.target(socketId);
        long length = request.getContentLengthLong();
        JsonSendReader.JsonSend json;
        try {
            json = JsonSendReader.read(request.getInputStream(), payloads.builder(length > 0 ? length : 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<SendFlag> flags;
        try {
            flags = FlagNames.sendFlags(json.flags());
        } catch (RuntimeException e) {
            json.payload().close();
            throw e;
        }
        return Futures.then(sends.send(socket, flags, json.overlapped(), json.payload()), OperationResponse::answer);
    }

    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(hidden = true) // documented with the JSON variant: OpenAPI has one operation per path and method
    CompletableFuture<ResponseEntity<OperationResponse>> sendOctets(@Parameter(example = "s-1") @PathVariable String socketId,
                                                 @RequestParam(required = false) List<String> flags,
                                                 @RequestParam(required = false) Boolean overlapped,
                                                 @RequestParam(required = false) Boolean stream,
                                                 HttpServletRequest request, HttpServletResponse response) {
        var parsedFlags = FlagNames.sendFlags(flags);
        if (Boolean.TRUE.equals(stream)) {
            return CompletableFuture.completedFuture(streamed(socketId, parsedFlags, overlapped, request, response));
        }
        return answer(socketId, parsedFlags, overlapped, p -> {
            try {
                return p.fromStream(request.getInputStream(), request.getContentLengthLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A streamed send (issue #10): the body is read here, on the request's thread, while its chunks already go out.
     * Should the body break, the container answers for it, and names the operation ({@link ContainerErrors}).
     */
    private ResponseEntity<OperationResponse> streamed(String socketId, Set<SendFlag> flags, Boolean overlapped,
                                                       HttpServletRequest request, HttpServletResponse response) {
        try {
            var outcome = sends.sendStreamed(socketId, flags, overlapped, BodyChannel.of(request.getInputStream()),
                    request.getContentLengthLong(), readTimeout,
                    op -> request.setAttribute(ContainerErrors.STREAMED_OPERATION, op.id()));
            dropRest(request, response);
            return OperationResponse.answer(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a streamed send left of its body when it ended first (closed, reset, past its limit) is read and dropped,
     * at the client's pace and within max-request-size, so that the client, which is still writing it, then reads
     * the answer instead of a reset or an answer cut off. Past the limit the connection closes after the answer.
     */
    private static void dropRest(HttpServletRequest request, HttpServletResponse response) {
        try {
            request.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | WsaException unreadable) {
            response.setHeader("Connection", "close");
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(hidden = true) // documented with the JSON variant
    CompletableFuture<ResponseEntity<OperationResponse>> sendParts(@Parameter(example = "s-1") @PathVariable String socketId,
                                                @RequestParam(name = "flags", required = false) List<String> flags,
                                                @RequestParam(required = false) Boolean overlapped,
                                                HttpServletRequest request) {
        var parsedFlags = FlagNames.sendFlags(flags);
        // The body streams into native memory through the service's own strict reader (C29, C39): the
        // container's parser is off (spring.servlet.multipart.enabled=false), as it took a body cut short
        // after a delimiter for a complete one.
        return answer(socketId, parsedFlags, overlapped, p -> {
            long length = request.getContentLengthLong();
            try {
                return MultipartSendReader.read(request.getInputStream(), request.getContentType(),
                        p.builder(length > 0 ? length : 0), maxPartHeaderBytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendBatch", summary = "A batch of overlapped WSASends, queued in order, accepted whole or refused whole",
            description = "Each entry is one overlapped WSASend with its own operation, queued in order (entries, then "
                    + "repetitions) with nothing from other callers between them; delayMs: how long an entry waits, "
                    + "after the send before it ended, before it starts (its place in the queue is held meanwhile). "
                    + "200: every send completed now; 202: some are pending. A refusal (validation, "
                    + "max-sends-per-batch, the memory budget, max-pending-per-socket, a socket that is not overlapped) "
                    + "queues nothing. With application/octet-stream the body is one send of one buffer; with "
                    + "multipart/form-data each part is one send of one buffer; for both, flags, delayMs and repeat are "
                    + "query parameters.",
            parameters = {
                    @Parameter(name = "flags", in = ParameterIn.QUERY, description = "octet-stream and multipart only: "
                            + "every send's flags",
                            array = @ArraySchema(schema = @Schema(type = "string", allowableValues = {"MSG_OOB", "MSG_DONTROUTE", "MSG_PARTIAL"}))),
                    @Parameter(name = "delayMs", in = ParameterIn.QUERY, description = "octet-stream and multipart only: "
                            + "every send's delay", schema = @Schema(type = "integer", defaultValue = "0")),
                    @Parameter(name = "repeat", in = ParameterIn.QUERY, description = "octet-stream and multipart only: "
                            + "how many times the sends are queued", schema = @Schema(type = "integer", defaultValue = "1"))},
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                            description = "{\"sends\": [{\"buffers\": [...as a send's...], \"flags\": [...], \"delayMs\": 0}, ...], \"repeat\": 1}"),
                            examples = {
                                    @ExampleObject(name = "two sends, the second 100 ms after the first", value = "{\"sends\": ["
                                            + "{\"buffers\": [{\"text\": \"HELLO \"}]}, "
                                            + "{\"buffers\": [{\"text\": \"WORLD\"}], \"delayMs\": 100}], \"repeat\": 2}")}),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(type = "object",
                            description = "Any number of parts; each one is a send, in order"))}),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Every send completed now",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BatchResponse.class))),
                    @ApiResponse(responseCode = "202", description = "Some sends are pending: WSA_IO_PENDING",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = BatchResponse.class)))})
    ResponseEntity<BatchResponse> batchJson(@Parameter(example = "s-1") @PathVariable String socketId,
                                            HttpServletRequest request) {
        // Refused before the body is read: an unknown socket, or one that cannot take an overlapped send.
        PooledSocket socket = batchTarget(socketId);
        JsonBatchReader.JsonBatch batch;
        try {
            batch = JsonBatchReader.read(request.getInputStream(), payloads, sends, limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BatchResponse.answer(sends.sendBatch(socket, batch.entries(), batch.repeat()));
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(hidden = true) // documented with the JSON variant
    ResponseEntity<BatchResponse> batchOctets(@Parameter(example = "s-1") @PathVariable String socketId,
                                              @RequestParam(required = false) List<String> flags,
                                              @RequestParam(required = false) Long delayMs,
                                              @RequestParam(required = false) Long repeat,
                                              HttpServletRequest request) {
        var parsedFlags = FlagNames.sendFlags(flags);
        Duration delay = delay(delayMs);
        int times = repeat(repeat);
        PooledSocket socket = batchTarget(socketId);
        sends.refuseBatchSize(1, times);
        Payload payload;
        try {
            payload = payloads.fromStream(request.getInputStream(), request.getContentLengthLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BatchResponse.answer(sends.sendBatch(socket, List.of(new SendService.BatchEntry(payload, parsedFlags, delay)), times));
    }

    @PostMapping(path = "/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(hidden = true) // documented with the JSON variant
    ResponseEntity<BatchResponse> batchParts(@Parameter(example = "s-1") @PathVariable String socketId,
                                             @RequestParam(name = "flags", required = false) List<String> flags,
                                             @RequestParam(required = false) Long delayMs,
                                             @RequestParam(required = false) Long repeat,
                                             HttpServletRequest request) {
        var parsedFlags = FlagNames.sendFlags(flags);
        Duration delay = delay(delayMs);
        int times = repeat(repeat);
        PooledSocket socket = batchTarget(socketId);
        List<Payload> parts;
        try {
            parts = MultipartSendReader.readEach(request.getInputStream(), request.getContentType(), n -> {
                sends.refuseBatchSize(n + 1, times); // before the part's bytes are held
                return payloads.builder(0);
            }, maxPartHeaderBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SendService.BatchEntry> entries = parts.stream()
                .map(p -> new SendService.BatchEntry(p, parsedFlags, delay)).toList();
        return BatchResponse.answer(sends.sendBatch(socket, entries, times));
    }

    private PooledSocket batchTarget(String socketId) {
        PooledSocket socket = sends.target(socketId);
        sends.refuseNotOverlapped(socket);
        return socket;
    }

    private Duration delay(Long delayMs) {
        return limits.boundedWait(delayMs == null ? 0 : delayMs, "delayMs");
    }

    private int repeat(Long repeat) {
        long times = repeat == null ? 1 : repeat;
        if (times < 1 || times > limits.maxSendsPerBatch()) {
            throw new WsaException(WsaError.WSAEINVAL, "repeat must be 1.." + limits.maxSendsPerBatch()
                    + " (sendgate.limits.max-sends-per-batch)");
        }
        return (int) times;
    }

    private CompletableFuture<ResponseEntity<OperationResponse>> answer(String socketId, Set<SendFlag> flags,
                                                     Boolean overlapped, Function<PayloadFactory, Payload> capture) {
        return Futures.then(sends.send(socketId, flags, overlapped, capture), OperationResponse::answer);
    }
}
