package io.sendgate.config;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * C6: a multipart send carries as many parts as {@code server.tomcat.max-part-count} (set from
 * {@code sendgate.limits.max-buffers-per-send}). Tomcat also counts every part against its parameter limit,
 * after the query parameters, and caps the parts at what is left of it (1000 by default). The parameter
 * limit is raised so that the full part count fits beside it; query and form parameters keep their budget.
 * This customizer runs after Boot's, which applies the {@code server.tomcat.*} properties.
 */
@Configuration(proxyBeanMethods = false)
public class MultipartParts {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> partsFitTheParameterLimit() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            int parameters = connector.getMaxParameterCount();
            if (parameters >= 0 && connector.getMaxPartCount() >= 0) {
                connector.setMaxParameterCount(parameters + connector.getMaxPartCount());
            }
        });
    }
}
