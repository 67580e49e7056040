package io.sendgate.api;

import io.sendgate.api.JsonScanner.Kind;
import io.sendgate.core.ByteWindow;
import io.sendgate.core.PayloadBuilder;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.SendFlag;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JSON body of a send, read as it streams: each string value is decoded a window at a time straight
 * into the payload's native memory (C9), so the heap a send costs does not grow with its body (C39).
 * The only nesting is object > array > object, walked here by hand; a value of the wrong type is refused
 * where it begins, so nothing deeper is ever descended into. Anything wrong with the buffers is WSAEFAULT
 * (C29); with flags, overlapped or a member's name, WSAEINVAL.
 */
final class JsonSendReader {
    /** What a JSON send body said. flags are the raw names as given (validated later by FlagNames), overlapped null when absent. */
    record JsonSend(Payload payload, List<String> flags, Boolean overlapped) {
    }

    /** Names and flags are held as strings, so they have a length limit; values do not. */
    private static final int MAX_NAME = 256;
    private static final int MAX_FLAGS = 64;
    private static final String EXAMPLE = "{\"buffers\": [{\"text\": \"Hello\"}]}";
    private static final String KNOWN_FLAGS = Arrays.stream(SendFlag.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private static final List<String> FIELDS = List.of("buffers", "flags", "overlapped");
    private static final int BUFFERS = 0;
    private static final int FLAGS = 1;
    private static final List<String> BUFFER_FIELDS = List.of("base64", "hex", "text", "charset");
    private static final int BASE64 = 0;
    private static final int HEX = 1;
    private static final int TEXT = 2;
    private static final int CHARSET = 3;
    private static final String FIELDS_ARE = " The fields are " + String.join(", ", FIELDS);
    private static final String BUFFER_FIELDS_ARE = " The fields of a buffer are " + String.join(", ", BUFFER_FIELDS);

    private final JsonScanner json;
    private final PayloadBuilder builder;
    private final Base64Sink base64;
    private final HexSink hex;
    private final TextValueSink text;
    private List<String> flags = List.of();
    private Boolean overlapped;

    private JsonSendReader(InputStream body, PayloadBuilder builder) {
        this(new JsonScanner(body), builder);
    }

    /** A reader of one send's values at the cursor of {@code json}, such as an entry of a batch ({@link JsonBatchReader}). */
    JsonSendReader(JsonScanner json, PayloadBuilder builder) {
        this.json = json;
        this.builder = builder;
        // one value is written at a time, so the sinks share one window
        ByteWindow window = new ByteWindow(builder);
        this.base64 = new Base64Sink(window);
        this.hex = new HexSink(window);
        this.text = new TextValueSink(window);
    }

    /**
     * @param builder where the buffers go; closed on any failure, so nothing leaks
     * @throws WsaException for anything the body gets wrong, saying what and where
     */
    static JsonSend read(InputStream body, PayloadBuilder builder) {
        // closing after build() is a no-op: the payload then owns the memory
        try (builder) {
            return new JsonSendReader(body, builder).send();
        }
    }

    private JsonSend send() {
        json.skipByteOrderMark();
        Kind kind = json.peekKind();
        if (kind == Kind.END) {
            throw fault("The body is empty; a send is a JSON object such as " + EXAMPLE);
        }
        if (kind != Kind.OBJECT) {
            throw fault(wrongType("The body", "a JSON object such as " + EXAMPLE));
        }
        json.expect('{', "'{'");
        int seen = 0;
        if (!json.consume('}')) {
            do {
                int field = topField(seen);
                seen |= 1 << field;
                if (field == BUFFERS) {
                    buffers();
                } else if (field == FLAGS) {
                    flags();
                } else {
                    overlapped();
                }
            } while (json.consume(','));
            json.expect('}', "',' or '}'");
        }
        if ((seen & 1 << BUFFERS) == 0) {
            throw fault("'buffers' is missing; a send carries at least one buffer, such as " + EXAMPLE);
        }
        json.expectEnd();
        return new JsonSend(builder.build(), flags, overlapped);
    }

    private int topField(int seen) {
        String name = json.readName(MAX_NAME);
        if (name == null) {
            throw invalid("A field name is longer than " + MAX_NAME + " characters." + FIELDS_ARE);
        }
        int field = FIELDS.indexOf(name);
        if (field < 0) {
            // a buffer's fields at the top are a likelier slip than any typo
            String hint = BUFFER_FIELDS.contains(name) ? "; it belongs in a buffer, such as " + EXAMPLE + "." + FIELDS_ARE
                    : Suggestions.hint(name, FIELDS);
            throw invalid(JsonBodyErrors.unknownField(name, "", hint));
        }
        if ((seen & 1 << field) != 0) {
            throw invalid(JsonBodyErrors.repeatedField(name, "", json.where()));
        }
        return field;
    }

    /** Reads a 'buffers' array at the cursor into the builder. */
    void buffers() {
        if (json.peekKind() != Kind.ARRAY) {
            throw fault(wrongType("'buffers'", "a non-empty array of buffers such as [{\"text\": \"Hello\"}]"));
        }
        json.expect('[', "'['");
        if (json.consume(']')) {
            throw fault("'buffers' is empty; a send carries at least one buffer, such as " + EXAMPLE);
        }
        int i = 0;
        do {
            buffer(i++);
        } while (json.consume(','));
        json.expect(']', "',' or ']'");
    }

    private void buffer(int i) {
        if (json.peekKind() != Kind.OBJECT) {
            throw fault(wrongType("buffers[" + i + "]", "an object such as {\"text\": \"Hello\"}"));
        }
        json.expect('{', "'{'");
        builder.startBuffer();
        int seen = 0;
        int data = -1;
        Charset charset = null;
        boolean textBeforeCharset = false;
        if (!json.consume('}')) {
            do {
                int field = bufferField(i, seen);
                seen |= 1 << field;
                if (field == CHARSET) {
                    if (data == BASE64 || data == HEX) {
                        throw fault(charsetNotText(i, data));
                    }
                    charset = charset(i);
                    continue;
                }
                if (data >= 0) {
                    throw fault("buffers[" + i + "] must have exactly one of base64, hex or text; it has "
                            + BUFFER_FIELDS.get(data) + " and " + BUFFER_FIELDS.get(field));
                }
                if (field != TEXT && charset != null) {
                    throw fault(charsetNotText(i, field));
                }
                if (json.peekKind() != Kind.STRING) {
                    throw fault(wrongType("buffers[" + i + "]." + BUFFER_FIELDS.get(field), "a string"));
                }
                ValueSink sink = field == BASE64 ? base64.start(i) : field == HEX ? hex.start(i) : text.start(i, charset);
                json.readString(sink);
                sink.end();
                data = field;
                textBeforeCharset = field == TEXT && charset == null;
            } while (json.consume(','));
            json.expect('}', "',' or '}'");
        }
        if (data < 0) {
            throw fault("buffers[" + i + "] must have exactly one of base64, hex or text; it has none");
        }
        if (textBeforeCharset && charset != null) {
            // the text went in as UTF-8 while its charset was not yet known
            try {
                builder.transcodeLastBuffer(charset);
            } catch (WsaException e) {
                throw TextValueSink.at("buffers[" + i + "].text", e);
            }
        }
    }

    private int bufferField(int i, int seen) {
        String name = json.readName(MAX_NAME);
        if (name == null) {
            throw invalid("A field name in buffers[" + i + "] is longer than " + MAX_NAME + " characters."
                    + BUFFER_FIELDS_ARE);
        }
        int field = BUFFER_FIELDS.indexOf(name);
        if (field < 0) {
            throw invalid(JsonBodyErrors.unknownField(name, "buffers[" + i + "]", Suggestions.hint(name, BUFFER_FIELDS)));
        }
        if ((seen & 1 << field) != 0) {
            throw invalid(JsonBodyErrors.repeatedField(name, "buffers[" + i + "]", json.where()));
        }
        return field;
    }

    private Charset charset(int i) {
        String path = "buffers[" + i + "].charset";
        if (json.peekKind() != Kind.STRING) {
            throw fault(wrongType(path, "a string naming a charset, such as \"UTF-8\""));
        }
        String name = json.readShortString(MAX_NAME);
        if (name == null) {
            throw fault(path + " is longer than " + MAX_NAME + " characters; no charset has a name that long");
        }
        Charset charset;
        try {
            charset = Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw fault(path + " '" + name + "' is not a charset this service knows");
        }
        if (!charset.canEncode()) {
            throw fault(path + " " + charset.name() + " can only decode; text cannot be encoded in it");
        }
        return charset;
    }

    private static String charsetNotText(int i, int field) {
        return "buffers[" + i + "].charset applies only to text, and this buffer is " + BUFFER_FIELDS.get(field);
    }

    /** The flag names the last {@link #flags()} read, as given. */
    List<String> flagNames() {
        return flags;
    }

    /** Reads a 'flags' array (or null) at the cursor. */
    void flags() {
        Kind kind = json.peekKind();
        if (kind == Kind.NULL) {
            json.readLiteral();
            flags = List.of();
            return;
        }
        if (kind != Kind.ARRAY) {
            throw invalid(wrongType("'flags'", "an array of flag names such as [\"MSG_OOB\"], or null"));
        }
        json.expect('[', "'['");
        List<String> names = new ArrayList<>(2);
        if (!json.consume(']')) {
            do {
                if (names.size() == MAX_FLAGS) {
                    throw invalid("'flags' has more than " + MAX_FLAGS + " entries; the flags are " + KNOWN_FLAGS);
                }
                if (json.peekKind() != Kind.STRING) {
                    throw invalid(wrongType("flags[" + names.size() + "]", "a string naming a flag (" + KNOWN_FLAGS + ")"));
                }
                String flag = json.readShortString(MAX_NAME);
                if (flag == null) {
                    throw invalid("flags[" + names.size() + "] is longer than " + MAX_NAME
                            + " characters; the flags are " + KNOWN_FLAGS);
                }
                names.add(flag);
            } while (json.consume(','));
            json.expect(']', "',' or ']'");
        }
        flags = names;
    }

    private void overlapped() {
        Kind kind = json.peekKind();
        if (kind != Kind.TRUE && kind != Kind.FALSE && kind != Kind.NULL) {
            throw invalid(wrongType("'overlapped'", "true, false or null"));
        }
        overlapped = json.readLiteral();
    }

    /** "x must be y, not z (where)", for the value at the cursor; a malformed scalar is a syntax error instead. */
    String wrongType(String subject, String wanted) {
        String where = json.where();
        return subject + " must be " + wanted + ", not " + json.describeValue() + " (" + where + ")";
    }

    static WsaException fault(String message) {
        return new WsaException(WsaError.WSAEFAULT, message);
    }

    static WsaException invalid(String message) {
        return new WsaException(WsaError.WSAEINVAL, message);
    }
}
