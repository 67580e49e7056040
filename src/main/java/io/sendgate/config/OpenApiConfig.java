package io.sendgate.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI sendgateOpenApi() {
        return new OpenAPI().info(new Info()
                .title("sendgate")
                .version("v1")
                .description("Winsock's WSASend over REST: a pool of native sockets, scatter-gather sends, "
                        + "overlapped completion, and every failure with its Winsock code. "
                        + "A first walk: POST /api/v1/listeners {\"host\":\"127.0.0.1\",\"port\":27015}, "
                        + "POST /api/v1/sockets {\"type\":\"TCP\",\"remoteHost\":\"127.0.0.1\",\"remotePort\":27015}, "
                        + "then send on the socket s-1.")
                .license(new License().name("Apache-2.0")));
    }
}
