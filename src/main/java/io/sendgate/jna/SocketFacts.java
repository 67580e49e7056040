package io.sendgate.jna;

import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;

/** What a native socket reports of itself, read once when it joins the pool. */
public record SocketFacts(SocketKind kind, Endpoint local, Endpoint remote, SocketOptions options, Integer maxMessageSize) {
}
