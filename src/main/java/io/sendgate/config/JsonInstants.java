package io.sendgate.config;

import io.sendgate.api.InstantText;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JacksonModule;

/** The service's JSON mapper (answers, events) writes instants with {@link InstantText}. */
@Configuration(proxyBeanMethods = false)
public class JsonInstants {
    @Bean
    JacksonModule instantText() {
        return InstantText.module();
    }
}
