package io.sendgate.api.robustness;

import io.sendgate.api.EventStreams;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.CompletionLog;
import io.sendgate.core.Waits;
import io.sendgate.testing.Api;

/** The service under test: its port and client, and the parts of it whose state the run checks at the end. */
public record Service(int port, Api api, ByteBudget budget, Waits waits, EventStreams streams, CompletionLog completionLog) {
}
