package io.sendgate.config;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Large octet-stream sends stream from the request into native memory through Tomcat's application read
 * buffer, 8 KiB by default: one read call per 8 KiB. A larger one lets each read take more of what the
 * kernel holds. But every connection keeps this buffer in the heap for as long as it is open, idle ones
 * included: at 256 KiB, a thousand idle connections took the heap (C38, C39). At 32 KiB a connection costs
 * about 100 KiB with Tomcat's other buffers, so server.tomcat.max-connections (1024) stays within 100 MiB. Measured by bench/run.sh (the large-send figure in the README).
 */
@Configuration(proxyBeanMethods = false)
public class LargeBodyTuning {
    static final int READ_BUFFER_BYTES = 32 * 1024;

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> largeRequestBodies() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES)));
    }
}
