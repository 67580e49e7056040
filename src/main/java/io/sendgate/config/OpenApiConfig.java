package io.sendgate.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI sendgateOpenApi() {
        return new OpenAPI().info(new Info()
                .title("sendgate")
                .version("v1")
                .description("Winsock's WSASend and WSARecv over REST: a pool of native sockets, scatter-gather sends, "
                        + "receives and a capture of what peers send, overlapped completion, and every failure with its "
                        + "Winsock code. "
                        + "A first walk: POST /api/v1/listeners {\"host\":\"127.0.0.1\",\"port\":27015}, "
                        + "POST /api/v1/sockets {\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":27015}, "
                        + "then send on the socket s-1.")
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // C32, C37: only a service started with sendgate.api-token asks for it; an empty requirement
                // says the token is optional, so Swagger UI works both ways
                .components(new Components().addSecuritySchemes("apiToken", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("sendgate.api-token, when the service has one. A browser may instead give it "
                                + "once at / and use the session cookie.")))
                .security(List.of(new SecurityRequirement(), new SecurityRequirement().addList("apiToken")))
                // the order a first-time user walks: listen, open, send, read the outcome
                .tags(List.of(
                        new Tag().name("Listeners").description("Listening sockets whose accepted connections join the pool"),
                        new Tag().name("Sockets").description("The pool of native sockets: open, read, shut down, cancel, close"),
                        new Tag().name("Sends").description("WSASend: scatter-gather buffers, flags, overlapped, blocking or non-blocking"),
                        new Tag().name("Receives").description("WSARecv: buffers to fill, MSG_PEEK, MSG_OOB, MSG_WAITALL, in the same three modes"),
                        new Tag().name("Capture").description("What a peer sent, recorded as it arrives: read it by offset, or wait until it contains a pattern"),
                        new Tag().name("Operations").description("Overlapped operations: WSAGetOverlappedResult, waits and events"),
                        new Tag().name("Events").description("Completion events as they happen (Server-Sent Events)"),
                        new Tag().name("Session").description("For browsers, when the service has an API token")));
    }
}
