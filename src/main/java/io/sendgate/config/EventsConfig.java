package io.sendgate.config;

import io.sendgate.api.EventStreams;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.ListenerPool;
import io.sendgate.core.ServiceGate;
import io.sendgate.core.SocketPool;
import io.sendgate.core.Waits;
import io.sendgate.core.port.PromptWakeups;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The completion streams and the order in which the service stops (C17, C23). */
@Configuration(proxyBeanMethods = false)
public class EventsConfig {

    @Bean
    EventStreams eventStreams(CompletionLog log, EventsProperties properties, JsonMapper json, PromptWakeups wakeups) {
        return new EventStreams(log, properties, json, wakeups);
    }

    @Bean
    StopSequence stopSequence(ServiceGate gate, ListenerPool listeners, SocketPool pool, Waits waits, EventStreams streams) {
        return new StopSequence(gate, listeners, pool, waits, streams);
    }
}
