package io.sendgate.api;

import io.sendgate.core.Futures;
import io.sendgate.core.ReceiveService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

@RestController
@RequestMapping("/api/v1/sockets/{socketId}/receives")
@Tag(name = "Receives")
class ReceivesController {
    private final ReceiveService receives;

    ReceivesController(ReceiveService receives) {
        this.receives = receives;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "receive", summary = "WSARecv: fill buffers with what the peer sent",
            description = "200: completed now, with the bytes (data, base64; raw at /api/v1/operations/{id}/data); "
                    + "0 bytes on a stream means the peer closed gracefully. 202: pending (WSA_IO_PENDING); read it at "
                    + "Location, wait on it, or follow the event stream. A datagram longer than the buffers ends FAILED "
                    + "with WSAEMSGSIZE and the bytes that fit. Blocking receives wait for data up to the socket's "
                    + "receiveTimeoutMs (then 504 WSAETIMEDOUT); non-blocking ones answer 429 WSAEWOULDBLOCK when nothing is there.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content =
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ReceiveRequest.class),
                            examples = {
                                    @ExampleObject(name = "one buffer", value = "{\"bytes\": 4096}"),
                                    @ExampleObject(name = "two buffers, filled completely", value =
                                            "{\"buffers\": [{\"length\": 4}, {\"length\": 12}], \"flags\": [\"MSG_WAITALL\"]}"),
                                    @ExampleObject(name = "look without taking", value = "{\"bytes\": 64, \"flags\": [\"MSG_PEEK\"]}")})),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Completed now, with the bytes",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = OperationResponse.class))),
                    @ApiResponse(responseCode = "202", description = "Pending: WSA_IO_PENDING",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = OperationResponse.class)))})
    CompletableFuture<ResponseEntity<OperationResponse>> receive(@Parameter(example = "s-1") @PathVariable String socketId,
                                                                 @RequestBody ReceiveRequest request) {
        return Futures.then(receives.receive(socketId, request.lengths(), FlagNames.receiveFlags(request.flags()),
                request.overlapped()), OperationResponse::answer);
    }
}
