package io.sendgate.config;

import io.sendgate.core.AddressPolicy;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Limits;
import io.sendgate.core.ReceiveService;
import io.sendgate.core.ListenerPool;
import io.sendgate.core.OperationObserver;
import io.sendgate.core.PayloadFactory;
import io.sendgate.core.SendService;
import io.sendgate.core.ServiceGate;
import io.sendgate.core.SocketPool;
import io.sendgate.core.Waits;
import io.sendgate.core.port.NativeSockets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The core's objects, wired once. Stopping is {@link StopSequence}'s; destruction afterwards releases
 * the driver.
 */
@Configuration(proxyBeanMethods = false)
public class CoreConfig {

    @Bean
    Limits limits(SendgateProperties properties) {
        return properties.limits().toLimits();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AddressPolicy addressPolicy(SendgateProperties properties) {
        return new AddressPolicy(properties.allowlist());
    }

    @Bean
    ByteBudget byteBudget(Limits limits) {
        return new ByteBudget(limits.maxBytesInFlight());
    }

    @Bean
    CompletionLog completionLog(Limits limits, Clock clock, ByteBudget budget) {
        return new CompletionLog(limits, clock, budget);
    }

    @Bean
    ServiceGate serviceGate() {
        return new ServiceGate();
    }

    @Bean
    Waits waits(Limits limits, ServiceGate gate) {
        return new Waits(limits.maxWaits(), gate);
    }

    @Bean
    SocketPool socketPool(NativeSockets natives, AddressPolicy policy, CompletionLog log, Limits limits, Clock clock,
                          Waits waits, ServiceGate gate, ByteBudget budget,
                          @org.springframework.beans.factory.annotation.Qualifier("captureThread")
                          java.util.concurrent.ExecutorService captureThread,
                          @org.springframework.beans.factory.annotation.Qualifier("patternThread")
                          java.util.concurrent.ExecutorService patternThread, OperationObserver observer) {
        return new SocketPool(natives, policy, log, limits, clock, waits, gate, budget, captureThread, patternThread,
                observer);
    }

    /** One thread for every capture's completions (C44): each is a copy and a check, never a wait. */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ExecutorService captureThread() {
        return oneThread("sendgate-capture");
    }

    /**
     * One thread where expects look for regular expressions in captured bytes (C38, C44): however costly a
     * pattern, it takes this thread's time only, never the capture thread's, and never more than one core.
     */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ExecutorService patternThread() {
        return oneThread("sendgate-patterns");
    }

    private static java.util.concurrent.ExecutorService oneThread(String name) {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ListenerPool listenerPool(NativeSockets natives, AddressPolicy policy, SocketPool sockets, CompletionLog log,
                              Limits limits, Clock clock, Waits waits, ServiceGate gate) {
        return new ListenerPool(natives, policy, sockets, log, limits, clock, waits, gate);
    }

    @Bean
    PayloadFactory payloadFactory(NativeSockets natives, ByteBudget budget, Limits limits) {
        return new PayloadFactory(natives, budget, limits);
    }

    @Bean
    ReceiveService receiveService(SocketPool pool, PayloadFactory payloads, Waits waits, Limits limits, ServiceGate gate) {
        return new ReceiveService(pool, payloads, waits, limits, gate);
    }

    @Bean
    SendService sendService(SocketPool pool, PayloadFactory payloads, Waits waits, Limits limits, ServiceGate gate) {
        return new SendService(pool, payloads, waits, limits, gate);
    }
}
