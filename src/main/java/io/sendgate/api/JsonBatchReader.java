package io.sendgate.api;

import io.sendgate.api.JsonScanner.Kind;
import io.sendgate.core.Limits;
import io.sendgate.core.PayloadFactory;
import io.sendgate.core.PayloadBuilder;
import io.sendgate.core.SendService;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of a batch of sends, read as it streams, as {@link JsonSendReader} reads one send: each entry's
 * buffers go straight into native memory of their own (C9, C39), through the same reader. Nothing is queued
 * here: a body wrong anywhere frees every entry read so far, so a batch is refused whole.
 */
final class JsonBatchReader {
    /** What the body said: its entries in order, and how many times they are sent. */
    record JsonBatch(List<SendService.BatchEntry> entries, int repeat) {
    }

    private static final int MAX_NAME = 256;
    private static final String EXAMPLE = "{\"sends\": [{\"buffers\": [{\"text\": \"Hello\"}]}]}";
    private static final List<String> FIELDS = List.of("sends", "repeat");
    private static final List<String> ENTRY_FIELDS = List.of("buffers", "flags", "delayMs");
    private static final String FIELDS_ARE = " The fields are " + String.join(", ", FIELDS);

    private final JsonScanner json;
    private final PayloadFactory payloads;
    private final SendService sends;
    private final Limits limits;
    private final List<SendService.BatchEntry> entries = new ArrayList<>();
    private int repeat = 1;
    private boolean repeatSeen;

    private JsonBatchReader(InputStream body, PayloadFactory payloads, SendService sends, Limits limits) {
        this.json = new JsonScanner(body);
        this.payloads = payloads;
        this.sends = sends;
        this.limits = limits;
    }

    /**
     * @throws WsaException for anything the body gets wrong, saying what and where; every payload read is freed
     */
    static JsonBatch read(InputStream body, PayloadFactory payloads, SendService sends, Limits limits) {
        JsonBatchReader reader = new JsonBatchReader(body, payloads, sends, limits);
        try {
            return reader.batch();
        } catch (RuntimeException e) {
            reader.entries.forEach(entry -> entry.payload().close());
            throw e;
        }
    }

    private JsonBatch batch() {
        json.skipByteOrderMark();
        Kind kind = json.peekKind();
        if (kind == Kind.END) {
            throw JsonSendReader.fault("The body is empty; a batch is a JSON object such as " + EXAMPLE);
        }
        if (kind != Kind.OBJECT) {
            throw JsonSendReader.fault(wrongType("The body", "a JSON object such as " + EXAMPLE));
        }
        json.expect('{', "'{'");
        boolean sendsSeen = false;
        if (!json.consume('}')) {
            do {
                String name = name("", FIELDS);
                if (name.equals("sends")) {
                    if (sendsSeen) {
                        throw JsonSendReader.invalid(JsonBodyErrors.repeatedField(name, "", json.where()));
                    }
                    sendsSeen = true;
                    entries();
                } else {
                    if (repeatSeen) {
                        throw JsonSendReader.invalid(JsonBodyErrors.repeatedField(name, "", json.where()));
                    }
                    repeatSeen = true;
                    repeat = (int) wholeNumber("'repeat'", 1, limits.maxSendsPerBatch());
                    sends.refuseBatchSize(entries.size(), repeat);
                }
            } while (json.consume(','));
            json.expect('}', "',' or '}'");
        }
        if (!sendsSeen) {
            throw JsonSendReader.fault("'sends' is missing; a batch carries at least one send, such as " + EXAMPLE);
        }
        json.expectEnd();
        return new JsonBatch(List.copyOf(entries), repeat);
    }

    private void entries() {
        if (json.peekKind() != Kind.ARRAY) {
            throw JsonSendReader.fault(wrongType("'sends'", "a non-empty array of sends such as [{\"buffers\": [{\"text\": \"Hello\"}]}]"));
        }
        json.expect('[', "'['");
        if (json.consume(']')) {
            throw JsonSendReader.fault("'sends' is empty; a batch carries at least one send, such as " + EXAMPLE);
        }
        do {
            // refused before the entry's bytes are held
            sends.refuseBatchSize(entries.size() + 1, repeat);
            entry(entries.size());
        } while (json.consume(','));
        json.expect(']', "',' or ']'");
    }

    private void entry(int k) {
        String at = "sends[" + k + "]";
        if (json.peekKind() != Kind.OBJECT) {
            throw JsonSendReader.fault(wrongType(at, "an object such as {\"buffers\": [{\"text\": \"Hello\"}]}"));
        }
        json.expect('{', "'{'");
        PayloadBuilder builder = payloads.builder(0);
        try (builder) {
            JsonSendReader reader = new JsonSendReader(json, builder);
            List<String> seen = new ArrayList<>(3);
            long delayMs = 0;
            if (!json.consume('}')) {
                do {
                    String name = name(at, ENTRY_FIELDS);
                    if (seen.contains(name)) {
                        throw JsonSendReader.invalid(JsonBodyErrors.repeatedField(name, at, json.where()));
                    }
                    seen.add(name);
                    try {
                        switch (name) {
                            case "buffers" -> reader.buffers();
                            case "flags" -> reader.flags();
                            default -> delayMs = wholeNumber("'delayMs'", 0, limits.maxWait().toMillis());
                        }
                    } catch (WsaException e) {
                        throw in(at, e);
                    }
                } while (json.consume(','));
                json.expect('}', "',' or '}'");
            }
            if (!seen.contains("buffers")) {
                throw JsonSendReader.fault(at + " has no 'buffers'; each send carries at least one buffer, such as "
                        + "{\"buffers\": [{\"text\": \"Hello\"}]}");
            }
            var flags = flags(at, reader.flagNames());
            Payload payload = builder.build();
            entries.add(new SendService.BatchEntry(payload, flags, Duration.ofMillis(delayMs)));
        }
    }

    private static java.util.Set<io.sendgate.core.port.SendFlag> flags(String at, List<String> names) {
        try {
            return FlagNames.sendFlags(names);
        } catch (WsaException e) {
            throw in(at, e);
        }
    }

    private String name(String parent, List<String> known) {
        String name = json.readName(MAX_NAME);
        if (name == null) {
            throw JsonSendReader.invalid("A field name" + (parent.isEmpty() ? "" : " in " + parent) + " is longer than "
                    + MAX_NAME + " characters. The fields are " + String.join(", ", known));
        }
        int index = known.indexOf(name);
        if (index < 0) {
            String hint;
            if (parent.isEmpty() && ENTRY_FIELDS.contains(name)) {
                hint = "; it belongs in an entry of 'sends', such as " + EXAMPLE + "." + FIELDS_ARE;
            } else if (name.equals("overlapped")) {
                hint = "; every send of a batch is overlapped. The fields are " + String.join(", ", known);
            } else {
                hint = Suggestions.hint(name, known);
            }
            throw JsonSendReader.invalid(JsonBodyErrors.unknownField(name, parent, hint));
        }
        // the constant, whose hash is kept: the callers switch on it, a thousand times per batch
        return known.get(index);
    }

    private long wholeNumber(String subject, long min, long max) {
        if (json.peekKind() != Kind.NUMBER) {
            throw JsonSendReader.invalid(wrongType(subject, "a whole number " + min + ".." + max));
        }
        String where = json.where();
        Long value = json.readWholeNumber();
        if (value == null || value < min || value > max) {
            String limit = subject.equals("'delayMs'") ? " (sendgate.limits.max-wait)" : " (sendgate.limits.max-sends-per-batch)";
            throw JsonSendReader.invalid(subject + " must be a whole number " + min + ".." + max + limit + " (" + where + ")");
        }
        return value;
    }

    private String wrongType(String subject, String wanted) {
        String where = json.where();
        return subject + " must be " + wanted + ", not " + json.describeValue() + " (" + where + ")";
    }

    /** A failure inside an entry, named by where it is. */
    private static WsaException in(String at, WsaException e) {
        String message = e.getMessage();
        if (message.startsWith(at)) {
            return e;
        }
        return new WsaException(e.error(), at + ": " + message, e.socketId(), e.operationId(), e.bytesTransferred());
    }
}
