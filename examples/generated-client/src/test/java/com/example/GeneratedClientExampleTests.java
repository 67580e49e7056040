package com.example;

import io.sendgate.client.ApiClient;
import io.sendgate.client.api.*;
import io.sendgate.client.model.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java snippet for the generated client ("OpenAPI: api-spec/openapi.yaml"), as written, against the
 * service's packaged jar on a free port: between the marker comments only the base URL differs from the README
 * ({@code "http://127.0.0.1:8080"} is {@code baseUrl} here), which ReadmeSnippetTests checks.
 */
class GeneratedClientExampleTests {

    @Test
    void theReadmesSnippetSendsHelloPeerAndTheOperationCompletesWith12Bytes() throws Exception {
        try (SendgateJar service = SendgateJar.start()) {
            String baseUrl = service.baseUrl();

            // README snippet begins
            ApiClient api = new ApiClient();
            api.updateBaseUri(baseUrl);
            // the peer: a listener of sendgate itself, on a free port, that accepts every connection by itself
            ListenerResponse peer = new ListenersApi(api).listen(new ListenRequest()
                    .host("127.0.0.1").port(0).autoAccept(true));
            SocketResponse socket = new SocketsApi(api).openSocket(new OpenSocketRequest()
                    .type(OpenSocketRequest.TypeEnum.TCP).remoteHost("127.0.0.1").remotePort(peer.getLocalPort()));
            OperationResponse op = new SendsApi(api).send(socket.getId(),
                    new SendRequest().buffers(List.of(new BufferSpec().text("Hello, "), new BufferSpec().hex("706565720a"))),
                    null, null, null);
            if (op.getStatus() == OperationResponse.StatusEnum.PENDING) {
                op = new OperationsApi(api).getOperation(op.getId(), 5000L);
            }
            // op.getStatus(): COMPLETED, op.getBytesTransferred(): 12
            new SocketsApi(api).closeSocket(socket.getId());
            new ListenersApi(api).closeListener(peer.getId());
            // README snippet ends

            assertThat(op.getStatus()).as("the send's status\n" + service.lastLines())
                    .isEqualTo(OperationResponse.StatusEnum.COMPLETED);
            assertThat(op.getBytesTransferred()).as("the bytes it sent").isEqualTo(12L);
        }
    }
}
