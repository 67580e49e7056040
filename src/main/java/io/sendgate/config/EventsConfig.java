package io.sendgate.config;

import io.sendgate.api.EventStreams;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.SocketPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The completion streams and the order in which the service stops (C17, C23). */
@Configuration(proxyBeanMethods = false)
public class EventsConfig {

    @Bean
    EventStreams eventStreams(CompletionLog log, EventsProperties properties, JsonMapper json) {
        return new EventStreams(log, properties, json);
    }

    @Bean
    StopSequence stopSequence(SocketPool pool, EventStreams streams) {
        return new StopSequence(pool, streams);
    }
}
