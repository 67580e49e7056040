package io.sendgate.api;

import io.sendgate.core.ConnectionNotice;
import io.sendgate.core.LogEvent;
import io.sendgate.core.CompletionSubscription;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;

/**
 * The text of the completion stream (text/event-stream). Completions are {@code completion} events
 * whose {@code id} is the log's sequence and whose data is the operation as the REST API shows it; a
 * connection a listener accepted by itself is an {@code accepted} event with the new socket (C45, C46), one it
 * refused (C40) a {@code refused} event, both with the same numbering; the stream's own
 * news are the events {@code gone}, {@code overflow} and {@code shutdown}.
 */
final class SseFormat {
    /**
     * The most bytes of a receive an event carries inline (C46); past it the event says dataOmitted. A stream
     * formats a batch of events at once, for each subscriber: this keeps what that holds bounded (C39).
     */
    static final int EVENT_DATA_BYTES = 64 * 1024;

    /** A resume point that could not be honoured; reading goes on from {@code firstRetainedId}. */
    record Gone(long lastEventId, long firstRetainedId, long lastId, String detail) {
    }

    /** The stream fell too far behind and ends; resume with {@code Last-Event-ID: lastEventId}. */
    record Overflow(long lastEventId, long backlog, int maxBacklog, String detail) {
    }

    /**
     * The service is stopping; every completion it logged until now was delivered. {@code lastEventId} is
     * the stop's own number in the log (no completion has it): resuming from it loses and repeats nothing.
     */
    record Shutdown(long lastEventId, String detail) {
    }

    /** A listener reset a connection from outside the allowlist (C40). */
    record Refused(String listenerId, String remoteAddress, Integer remotePort, java.time.Instant at, String detail) {
        static Refused of(ConnectionNotice n) {
            return new Refused(n.listenerId(), n.remote() == null ? null : n.remote().host(),
                    n.remote() == null ? null : n.remote().port(), n.at(), n.detail());
        }
    }

    /** An auto-accepting listener put a connection in the pool (C45, C46). */
    record Accepted(String listenerId, String socketId, String remoteAddress, Integer remotePort, java.time.Instant at,
                    SocketResponse socket) {
        static Accepted of(ConnectionNotice n) {
            return new Accepted(n.listenerId(), n.socketId(), n.remote() == null ? null : n.remote().host(),
                    n.remote() == null ? null : n.remote().port(), n.at(), SocketResponse.of(n.socket()));
        }
    }

    private final JsonMapper json;

    SseFormat(JsonMapper json) {
        this.json = json;
    }

    String opening(Duration reconnectDelay, long lastSequence) {
        return "retry: " + reconnectDelay.toMillis() + "\n: sendgate completion events, last id " + lastSequence + "\n\n";
    }

    /**
     * An idle stream's comment line. It is also how a client that went away is noticed: Tomcat does not
     * watch an asynchronous request's connection, so only a write that fails tells (C38).
     */
    String heartbeat() {
        return ":\n";
    }

    String events(List<LogEvent> events) {
        StringBuilder out = new StringBuilder(events.size() * 320);
        for (LogEvent e : events) {
            if (e.operation() != null) {
                append(out, e.sequence(), "completion", OperationResponse.inEvent(e.operation()));
            } else if (e.notice().kind() == ConnectionNotice.Kind.ACCEPTED) {
                append(out, e.sequence(), "accepted", Accepted.of(e.notice()));
            } else {
                append(out, e.sequence(), "refused", Refused.of(e.notice()));
            }
        }
        return out.toString();
    }

    /** Its id is the point before the oldest retained event, so a client that reconnects later is not told again. */
    String gone(CompletionSubscription.Gap gap) {
        String detail = gap.ahead()
                ? "Last-Event-ID " + gap.requestedAfter() + " is beyond the last event " + gap.lastSequence()
                  + " (ids of an earlier run of the service?); every retained event follows"
                : "The events after " + gap.requestedAfter() + " up to " + (gap.firstRetained() - 1)
                  + " are no longer retained (sendgate.limits.retained-operations, operation-retention); "
                  + "the retained ones follow";
        return event(gap.firstRetained() - 1, "gone",
                new Gone(gap.requestedAfter(), gap.firstRetained(), gap.lastSequence(), detail));
    }

    String overflow(long cursor, long backlog, int maxBacklog) {
        return event(cursor, "overflow", new Overflow(cursor, backlog, maxBacklog,
                "This stream fell more than " + maxBacklog + " events behind (sendgate.events.max-backlog) and ends; "
                + "reconnect with Last-Event-ID " + cursor + " to go on"));
    }

    /** @param stop the stop's own sequence in the log ({@code CompletionLog.markStop}), after every completion delivered */
    String shutdown(long stop) {
        return event(stop, "shutdown", new Shutdown(stop,
                "The service is stopping; every completion up to here was delivered"));
    }

    private String event(long id, String name, Object data) {
        StringBuilder out = new StringBuilder(256);
        append(out, id, name, data);
        return out.toString();
    }

    private void append(StringBuilder out, long id, String name, Object data) {
        // An operator may turn on indented JSON; each of its lines must be a data line of its own.
        String text = json.writeValueAsString(data).replace("\r\n", "\n").replace("\n", "\ndata: ");
        out.append("id: ").append(id).append("\nevent: ").append(name).append("\ndata: ").append(text).append("\n\n");
    }
}
