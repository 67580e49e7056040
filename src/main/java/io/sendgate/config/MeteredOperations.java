package io.sendgate.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sendgate.core.OperationKind;
import io.sendgate.core.OperationObserver;
import io.sendgate.core.OperationStatus;
import io.sendgate.core.WsaError;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The sockets' operations as Micrometer meters: {@code sendgate.operations} by kind, outcome and Winsock
 * code, the bytes sent and received, and the operations pending. Each report is an array lookup and an
 * increment: a counter is registered the first time its outcome and code occur, and kept.
 */
final class MeteredOperations implements OperationObserver {
    private static final OperationKind[] KINDS = OperationKind.values();
    private static final OperationStatus[] STATUSES = OperationStatus.values();
    private static final WsaError[] ERRORS = WsaError.values();

    private final MeterRegistry registry;
    /** By kind, status and code (index 0: none); filled as outcomes occur. */
    private final AtomicReferenceArray<Counter> outcomes;
    private final Counter[] bytes = new Counter[KINDS.length];
    private final AtomicLong[] pending = new AtomicLong[KINDS.length];

    MeteredOperations(MeterRegistry registry) {
        this.registry = registry;
        this.outcomes = new AtomicReferenceArray<>(KINDS.length * STATUSES.length * (ERRORS.length + 1));
        for (OperationKind kind : KINDS) {
            String direction = kind == OperationKind.SEND ? "sent" : "received";
            bytes[kind.ordinal()] = Counter.builder("sendgate." + direction)
                    .description(kind == OperationKind.SEND ? "Bytes the transport took from sends"
                            : "Bytes that arrived in receives' buffers, capture's included")
                    .baseUnit("bytes").register(registry);
            AtomicLong p = new AtomicLong();
            pending[kind.ordinal()] = p;
            Gauge.builder("sendgate.operations.pending", p, AtomicLong::get)
                    .description("Operations accepted and not yet ended (overlapped and blocking ones)")
                    .tag("kind", kind.name()).register(registry);
            // the outcome a scrape looks for first is there from the start, at 0
            counter(kind, OperationStatus.COMPLETED, null);
        }
    }

    @Override
    public void accepted(OperationKind kind) {
        pending[kind.ordinal()].incrementAndGet();
    }

    @Override
    public void ended(OperationKind kind, OperationStatus status, WsaError error, long transferred) {
        pending[kind.ordinal()].decrementAndGet();
        counter(kind, status, error).increment();
        if (transferred > 0) {
            bytes[kind.ordinal()].increment(transferred);
        }
    }

    @Override
    public void refused(OperationKind kind, WsaError error) {
        counter(kind, OperationStatus.FAILED, error).increment();
    }

    private Counter counter(OperationKind kind, OperationStatus status, WsaError error) {
        int i = (kind.ordinal() * STATUSES.length + status.ordinal()) * (ERRORS.length + 1)
                + (error == null ? 0 : error.ordinal() + 1);
        Counter c = outcomes.get(i);
        if (c == null) {
            // registering the same name and tags again gives the same counter: a race here costs nothing
            c = Counter.builder("sendgate.operations")
                    .description("Sends (WSASend) and receives (WSARecv) that ended, by outcome and Winsock code; "
                            + "FAILED includes calls that failed synchronously (no operation was made)")
                    .tag("kind", kind.name())
                    .tag("outcome", status.name())
                    .tag("wsa.error", error == null ? "none" : error.name())
                    .tag("wsa.code", error == null ? "0" : Integer.toString(error.code()))
                    .register(registry);
            outcomes.set(i, c);
        }
        return c;
    }
}
