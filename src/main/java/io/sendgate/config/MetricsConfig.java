package io.sendgate.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.ListenerPool;
import io.sendgate.core.OperationObserver;
import io.sendgate.core.SocketPool;
import io.sendgate.core.SocketState;
import io.sendgate.core.Waits;
import io.sendgate.core.port.NativeSockets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * sendgate's own meters, at {@code /actuator/prometheus} (behind the API token when one is set, as every
 * actuator endpoint but the bare health status). Counters are incremented where operations end, through
 * the core's {@link OperationObserver}; everything else is a gauge that reads state the service keeps
 * anyway, at scrape time.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfig {

    @Bean
    OperationObserver operationObserver(MeterRegistry registry) {
        return new MeteredOperations(registry);
    }

    @Bean
    MeterBinder sendgateGauges(SocketPool pool, ListenerPool listeners, CompletionLog log, ByteBudget budget,
                               NativeSockets natives, Waits waits) {
        return registry -> {
            for (SocketState state : SocketState.values()) {
                Gauge.builder("sendgate.sockets", pool, p -> p.count(state))
                        .description("Sockets in the pool, by state").tag("state", state.name()).register(registry);
            }
            Gauge.builder("sendgate.listeners", listeners, ListenerPool::size)
                    .description("Listeners open").register(registry);
            Gauge.builder("sendgate.event.subscribers", log, CompletionLog::subscriberCount)
                    .description("Event streams reading completions (GET /api/v1/events)").register(registry);
            Gauge.builder("sendgate.memory.held", budget, ByteBudget::held).baseUnit("bytes")
                    .description("Bytes the service holds for operations and captures, counted against "
                            + "sendgate.limits.max-bytes-in-flight").register(registry);
            Gauge.builder("sendgate.memory.held.limit", budget, ByteBudget::limit).baseUnit("bytes")
                    .description("sendgate.limits.max-bytes-in-flight").register(registry);
            Gauge.builder("sendgate.native.buffers", natives, NativeSockets::liveBufferBytes).baseUnit("bytes")
                    .description("Native memory the driver holds, by use: buffers of operations not yet freed (live), "
                            + "kept for reuse (cached)").tag("use", "live").register(registry);
            Gauge.builder("sendgate.native.buffers", natives, NativeSockets::cachedBufferBytes).baseUnit("bytes")
                    .description("Native memory the driver holds, by use: buffers of operations not yet freed (live), "
                            + "kept for reuse (cached)").tag("use", "cached").register(registry);
            for (Waits.Kind kind : Waits.Kind.values()) {
                Gauge.builder("sendgate.waits", waits, w -> w.inProgress(kind))
                        .description("Waits in progress, by kind (each bounded by sendgate.limits.max-waits)")
                        .tag("kind", kind.name()).register(registry);
            }
        };
    }
}
