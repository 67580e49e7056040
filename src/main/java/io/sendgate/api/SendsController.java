package io.sendgate.api;

import io.sendgate.core.PayloadFactory;
import io.sendgate.core.SendService;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

@RestController
@RequestMapping("/api/v1/sockets/{socketId}/sends")
@Tag(name = "Sends", description = "WSASend: scatter-gather buffers, flags, overlapped, blocking or non-blocking")
class SendsController {
    private final SendService sends;

    SendsController(SendService sends) {
        this.sends = sends;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "WSASend with JSON buffers (base64, hex or text)",
            description = "200: completed now (WSASend returned 0), or a non-blocking send's partial count. "
                    + "202: pending (WSA_IO_PENDING), read it at Location. Failures are problem details with the WSA code.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                    @ExampleObject(name = "two buffers", value = "{\"buffers\": [{\"text\": \"Hello, \"}, {\"base64\": \"V29ybGQh\"}]}"),
                    @ExampleObject(name = "hex with MSG_OOB", value = "{\"buffers\": [{\"hex\": \"0102ff\"}], \"flags\": [\"MSG_OOB\"]}")})),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Completed now"),
                    @ApiResponse(responseCode = "202", description = "Pending: WSA_IO_PENDING")})
    ResponseEntity<OperationResponse> sendJson(@Parameter(example = "s-1") @PathVariable String socketId,
                                               @RequestBody SendRequest request) {
        var decoded = BufferDecoder.decode(request.buffers());
        return answer(socketId, SendFlags.parse(request.flags()), request.overlapped(), p -> p.fromBytes(decoded));
    }

    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "WSASend with the raw body as one buffer",
            description = "The body streams into native memory; flags and overlapped are query parameters.")
    ResponseEntity<OperationResponse> sendOctets(@Parameter(example = "s-1") @PathVariable String socketId,
                                                 @RequestParam(required = false) List<String> flags,
                                                 @RequestParam(required = false) Boolean overlapped,
                                                 HttpServletRequest request) {
        var parsedFlags = SendFlags.parse(flags);
        return answer(socketId, parsedFlags, overlapped, p -> {
            long length = request.getContentLengthLong();
            try {
                return length >= 0
                        ? p.fromSources(List.of(new PayloadFactory.Source(length, request.getInputStream())))
                        : p.fromStream(request.getInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "WSASend with one buffer per multipart part, in part order",
            description = "Binary scatter-gather without base64; flags and overlapped are query parameters.")
    ResponseEntity<OperationResponse> sendParts(@Parameter(example = "s-1") @PathVariable String socketId,
                                                @RequestParam(name = "flags", required = false) List<String> flags,
                                                @RequestParam(required = false) Boolean overlapped,
                                                HttpServletRequest request) {
        var parsedFlags = SendFlags.parse(flags);
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IOException | ServletException e) {
            throw new WsaException(WsaError.WSAEFAULT, "The multipart body could not be read: " + e.getMessage());
        }
        if (parts.isEmpty()) {
            throw new WsaException(WsaError.WSAEFAULT, "A multipart send carries at least one part");
        }
        return answer(socketId, parsedFlags, overlapped, p -> {
            List<PayloadFactory.Source> sources = new ArrayList<>(parts.size());
            try {
                for (Part part : parts) {
                    sources.add(new PayloadFactory.Source(part.getSize(), part.getInputStream()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.fromSources(sources);
        });
    }

    private ResponseEntity<OperationResponse> answer(String socketId, java.util.Set<io.sendgate.core.port.SendFlag> flags,
                                                     Boolean overlapped, Function<PayloadFactory, Payload> capture) {
        SendService.Outcome outcome = sends.send(socketId, flags, overlapped, capture);
        OperationResponse body = OperationResponse.submitted(outcome.operation());
        if (outcome.pending()) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/api/v1/operations/" + outcome.operation().id()))
                    .body(body);
        }
        if (outcome.operation().overlapped()) {
            return ResponseEntity.ok().location(URI.create("/api/v1/operations/" + outcome.operation().id())).body(body);
        }
        return ResponseEntity.ok(body);
    }
}
