package io.sendgate.jna;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

/**
 * A native socket whose description ({@link SocketFacts}) was read when it joined the pool, and again when
 * its options were set afterwards.
 */
public abstract class DescribedSocket implements NativeSocket {
    private volatile SocketFacts facts;

    protected DescribedSocket(SocketFacts facts) {
        this.facts = facts;
    }

    protected final void describe(SocketFacts again) {
        this.facts = again;
    }

    @Override
    public SocketKind kind() {
        return facts.kind();
    }

    @Override
    public Endpoint local() {
        return facts.local();
    }

    @Override
    public Endpoint remote() {
        return facts.remote();
    }

    @Override
    public SocketOptions effectiveOptions() {
        return facts.options();
    }

    @Override
    public Integer maxMessageSize() {
        return facts.maxMessageSize();
    }
}
