package io.sendgate.api;

import io.sendgate.api.JsonSendReader.JsonSend;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.Limits;
import io.sendgate.core.PayloadFactory;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;
import io.sendgate.testing.Bytes;
import io.sendgate.testing.MemoryOnly;
import io.sendgate.testing.TestLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The streaming reader of a JSON send body, over a real {@link io.sendgate.core.PayloadBuilder} and real
 * native memory: what each body puts in the payload, byte for byte, and how each wrong one is refused.
 * After every test the service's byte budget holds nothing: a refusal frees all it took (C39).
 */
class JsonSendReaderTests {
    private ByteBudget budget;
    private PayloadFactory payloads;

    @BeforeEach
    void freshBudget() {
        budget = new ByteBudget(Limits.defaults().maxBytesInFlight());
        payloads = new PayloadFactory(MemoryOnly.SOCKETS, budget, Limits.defaults());
    }

    @AfterEach
    void nothingIsHeldAfterwards() {
        // C39: every test closes the payloads it got; a refused body must have freed all it reserved
        assertThat(budget.held()).as("bytes still reserved").isZero();
    }

    // ---- what a body puts in the payload

    @Test
    void everyEncodingLandsAsItsBytesInBufferOrder() {
        // C9: base64, hex and text; C6: the buffers one after the other, in order
        byte[] binary = Bytes.random(1000, 1);
        String body = json("{'buffers': [{'base64': '" + Base64.getEncoder().encodeToString(binary) + "'},"
                + " {'hex': '00 01:FE ff\\n'}, {'text': 'héllo'}, {'base64': 'QUI='}, {'base64': 'QQ'}]}");
        try (Read send = read(body)) {
            assertThat(buffers(send.payload())).containsExactly(binary, new byte[] {0, 1, (byte) 0xfe, (byte) 0xff},
                    "héllo".getBytes(StandardCharsets.UTF_8), "AB".getBytes(StandardCharsets.US_ASCII), new byte[] {'A'});
            assertThat(send.flags()).isEmpty();
            assertThat(send.overlapped()).isNull();
        }
    }

    @Test
    void zeroLengthBuffersAreAllowedInEveryEncoding() {
        // C6: zero-length buffers are WSABUFs too
        try (Read send = read(json("{'buffers': [{'text': ''}, {'base64': ''}, {'hex': ' : '}, {'base64': ' \\r\\n'}, {'text': 'x'}]}"))) {
            assertThat(send.payload().bufferLengths()).containsExactly(0, 0, 0, 0, 1);
            assertThat(send.payload().totalBytes()).isEqualTo(1);
        }
    }

    @Test
    void membersComeInAnyOrderAndFlagsAreTheNamesAsGiven() {
        // C9, C10: the flags are checked later, by FlagNames; here they are passed on as written
        String body = json("\n{ 'overlapped' : false,\r\n\t'flags': ['MSG_OOB', 'MSG_DONTROUTE,MSG_PARTIAL', 'nonsense'],"
                + " 'buffers': [{'charset': 'ISO-8859-1', 'text': 'é'}] }\n\n");
        try (Read send = read(body)) {
            assertThat(send.flags()).containsExactly("MSG_OOB", "MSG_DONTROUTE,MSG_PARTIAL", "nonsense");
            assertThat(send.overlapped()).isFalse();
            assertThat(buffers(send.payload())).containsExactly(new byte[] {(byte) 0xe9});
        }
        try (Read send = read(json("{'buffers': [{'text': 'a'}], 'flags': null, 'overlapped': null}"))) {
            assertThat(send.flags()).isEmpty();
            assertThat(send.overlapped()).isNull();
        }
        try (Read send = read(json("{'flags': [], 'overlapped': true, 'buffers': [{'text': 'a'}]}"))) {
            assertThat(send.flags()).isEmpty();
            assertThat(send.overlapped()).isTrue();
        }
    }

    @Test
    void escapesAndSurrogatePairsAreDecodedInNamesAndValues() {
        // C9: the string is the JSON string's value, whatever escapes wrote it
        String body = "{\"\\u0062uffers\": [{\"text\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00 é€😀\"},"
                + " {\"b\\u0061se64\": \"\\u0051\\u0051==\"}], \"fl\\u0061gs\": [\"MSG_\\u004fOB\"]}";
        try (Read send = read(body)) {
            assertThat(buffers(send.payload())).containsExactly(
                    "\"\\/\b\f\n\r\tAé€😀 é€😀".getBytes(StandardCharsets.UTF_8), new byte[] {'A'});
            assertThat(send.flags()).containsExactly("MSG_OOB");
        }
    }

    @Test
    void aLeadingByteOrderMarkIsIgnored() {
        // C9: RFC 8259 lets a parser ignore it, and Windows tools write one
        byte[] body = Bytes.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                json("{'buffers': [{'hex': '2a'}]}").getBytes(StandardCharsets.UTF_8));
        try (Read send = read(body)) {
            assertThat(buffers(send.payload())).containsExactly(new byte[] {42});
        }
    }

    static Stream<Arguments> charsets() {
        return Stream.of("UTF-16BE", "ISO-8859-1", "UTF-32", "UTF-16", "windows-1252", "UTF-8", "utf8")
                .flatMap(c -> Stream.of(arguments(c, true), arguments(c, false)));
    }

    @ParameterizedTest(name = "{0}, charset before text: {1}")
    @MethodSource("charsets")
    void textIsEncodedInItsCharsetWhetherTheCharsetComesBeforeOrAfterIt(String charset, boolean before) {
        // C9: text in the buffer's charset; when the charset comes second, the text already written as UTF-8 is re-encoded
        String text = "Grüße, Zürich ÿ";
        String buffer = before ? "{'charset': '" + charset + "', 'text': '" + text + "'}"
                : "{'text': '" + text + "', 'charset': '" + charset + "'}";
        try (Read send = read(json("{'buffers': [{'hex': '01'}, " + buffer + ", {'hex': '02'}]}"))) {
            assertThat(buffers(send.payload())).containsExactly(new byte[] {1}, text.getBytes(Charset.forName(charset)),
                    new byte[] {2});
        }
    }

    @Test
    void supplementaryCharactersSurviveEveryCharsetThatHasThem() {
        // C9: a surrogate pair is one character, written once, in every path
        String text = "a😀b\uD834\uDD1E";
        for (String charset : List.of("UTF-16BE", "UTF-32", "UTF-8")) {
            for (String body : List.of("{'buffers': [{'text': '" + text + "', 'charset': '" + charset + "'}]}",
                    "{'buffers': [{'charset': '" + charset + "', 'text': 'a\\ud83d\\ude00b\\uD834\\uDD1E'}]}")) {
                try (Read send = read(json(body))) {
                    assertThat(buffers(send.payload())).as(body).containsExactly(text.getBytes(Charset.forName(charset)));
                }
            }
        }
    }

    // ---- values far larger than any window

    @Test
    void aBase64ValueOfSeveralMebibytesWithMimeLineBreaksArrivesExactly() {
        // C9: the value spans hundreds of char windows and dozens of byte windows, split at every kind of boundary
        byte[] data = Bytes.random((5 << 20) + 2, 11);
        String mime = Base64.getMimeEncoder().encodeToString(data).replace("\r\n", "\\r\\n");
        try (Read send = read(json("{'buffers': [{'base64': '" + mime + "'}, {'base64': '" + Base64.getEncoder()
                .withoutPadding().encodeToString(data) + "'}]}"))) {
            assertThat(buffers(send.payload())).containsExactly(data, data);
        }
    }

    @Test
    void aHexValueOfSeveralMebibytesArrivesExactly() {
        // C9
        byte[] data = Bytes.random(3 << 20, 12);
        String spaced = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data);
        try (Read send = read(json("{'buffers': [{'hex': '" + HexFormat.of().formatHex(data) + "'}, {'hex': '" + spaced + "'}]}"))) {
            assertThat(buffers(send.payload())).containsExactly(data, data);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-8", "UTF-16BE", "ISO-8859-1", "UTF-32"})
    void aTextValueOfSeveralMebibytesArrivesExactlyInItsCharset(String charset) {
        // C9: escapes, multi-byte characters and surrogate pairs fall on window boundaries somewhere in here
        Random random = new Random(13);
        StringBuilder plain = new StringBuilder();
        StringBuilder escaped = new StringBuilder();
        boolean latin1 = charset.equals("ISO-8859-1");
        String[][] pieces = {{"abc", "abc"}, {"é", "é"}, {"\n", "\\n"}, {"\"", "\\\""}, {"ÿ", "\\u00ff"},
                {"€", "€"}, {"😀", "😀"}, {"😀", "\\ud83d\\ude00"}, {"\\", "\\\\"}};
        while (plain.length() < 3 << 20) {
            String[] piece = pieces[random.nextInt(latin1 ? 5 : pieces.length)];
            plain.append(piece[0]);
            escaped.append(piece[1]);
        }
        byte[] expected = plain.toString().getBytes(Charset.forName(charset));
        String after = "{\"buffers\": [{\"text\": \"" + escaped + "\", \"charset\": \"" + charset + "\"}]}";
        String before = "{\"buffers\": [{\"charset\": \"" + charset + "\", \"text\": \"" + escaped + "\"}]}";
        for (String body : List.of(after, before)) {
            try (Read send = read(body)) {
                assertThat(buffers(send.payload())).containsExactly(expected);
            }
        }
    }

    @Test
    void theBodyMayArriveAnyFewBytesAtATime() {
        // C9: a read may stop anywhere, inside a UTF-8 sequence, an escape, a literal or the byte order mark
        byte[] body = Bytes.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json("{'\\u0062uffers': "
                + "[{'text': 'é€😀\\ud83d\\ude00\\n', 'charset': 'UTF-16BE'}, {'base64': 'QU\\nJD'}, {'hex': '0a:0B'}],"
                + " 'overlapped': false, 'flags': null}").getBytes(StandardCharsets.UTF_8));
        byte[][] expected = {"é€😀😀\n".getBytes(StandardCharsets.UTF_16BE), "ABC".getBytes(StandardCharsets.US_ASCII),
                new byte[] {10, 11}};
        for (int step = 1; step <= 5; step++) {
            try (Read send = new Read(JsonSendReader.read(Bytes.trickle(body, step), payloads.builder(0)))) {
                assertThat(buffers(send.payload())).as("%d bytes a read", step).containsExactly(expected);
                assertThat(send.overlapped()).isFalse();
            }
        }
        // and an error is found at the same place however the body arrives
        byte[] bad = json("{'buffers': [{'text': 'é€'}], 'overlapped': tru }").getBytes(StandardCharsets.UTF_8);
        String whole = refusal(bad).getMessage();
        assertThat(whole).contains("line 1, column 48");
        for (int step = 1; step <= 3; step++) {
            InputStream slow = Bytes.trickle(bad, step);
            assertThat(catchThrowableOfType(() -> JsonSendReader.read(slow, payloads.builder(0)),
                    WsaException.class).getMessage()).isEqualTo(whole);
        }
    }

    @Test
    void theMostBuffersASendMayCarryAreReadAndOneMoreIsRefused() {
        // C6: up to 1024 buffers (sendgate.limits.max-buffers-per-send), some empty
        StringBuilder body = new StringBuilder("{\"buffers\": [");
        for (int i = 0; i < 1024; i++) {
            body.append(i == 0 ? "" : ",").append(i % 3 == 0 ? "{\"text\": \"\"}" : "{\"hex\": \"" + String.format("%02x", i % 256) + "\"}");
        }
        try (Read send = read(body + "]}")) {
            assertThat(send.payload().bufferCount()).isEqualTo(1024);
            assertThat(buffers(send.payload()).get(1)).containsExactly(1);
        }
        WsaException refused = refusal(body + ", {\"text\": \"\"}]}");
        assertThat(refused.error()).isEqualTo(WsaError.WSAEINVAL);
        assertThat(refused.getMessage()).contains("at most 1024 buffers");
    }

    // ---- what the budget holds

    @Test
    void onSuccessTheBudgetHoldsOnlyThePayloadsBlock() {
        // C39: every byte held is counted before it is held, and freed with the payload
        String body = json("{'buffers': [{'text': 'hello', 'charset': 'UTF-16'}, {'base64': '" + "QUJD".repeat(10_000) + "'}]}");
        Read send = read(body);
        // the payload's one block, at least its bytes and at most the size hint (the body's length): nothing
        // else, such as the block the re-encoding of the text went through, is still held
        assertThat(budget.held()).isBetween(send.payload().totalBytes(), (long) body.length());
        send.close();
        assertThat(budget.held()).isZero();
    }

    @Test
    void aSendPastTheBytesPerSendLimitIsRefusedAndFreesWhatItTook() {
        // C28, C39: WSAENOBUFS from the builder, with nothing left reserved
        payloads = new PayloadFactory(MemoryOnly.SOCKETS, budget, TestLimits.bytesPerSend(1000));
        WsaException e = refusal(json("{'buffers': [{'text': '" + "x".repeat(600) + "'}, {'hex': '" + "ab".repeat(600) + "'}]}"));
        assertThat(e.error()).isEqualTo(WsaError.WSAENOBUFS);
    }

    // ---- what is refused, with which code, and what the message says

    static Stream<Arguments> refusals() {
        String fault = "WSAEFAULT";
        String inval = "WSAEINVAL";
        String deep = "[".repeat(100_000);
        return Stream.of(
                // not JSON at all, or not one object: WSAEFAULT with where
                arguments("", fault, "The body is empty"),
                arguments(" \r\n\t ", fault, "The body is empty"),
                arguments("{bad json", fault, "not valid JSON at line 1, column 2: expected a field name in double quotes, found 'b'"),
                arguments("[1,2]", fault, "The body must be a JSON object such as {\"buffers\": [{\"text\": \"Hello\"}]}, not an array (line 1, column 1)"),
                arguments("'just a string'", fault, "must be a JSON object"),
                arguments("42", fault, "not a number"),
                arguments("null", fault, "not null"),
                arguments("{'buffers': [{'text': 'a'}]} x", fault, "line 1, column 30: expected nothing more after the JSON object, found 'x'"),
                arguments("{'buffers': [{'text': 'a'}]}{}", fault, "expected nothing more after the JSON object, found '{'"),
                arguments("{'buffers': [{'text': 'a'}]", fault, "expected ',' or '}', found the end of the body"),
                arguments("{'buffers': [{'text': 'abc", fault, "the body ends inside a string"),
                arguments("{'buffers': [{'text': 'a'},]}", fault, "expected a value, found ']'"),
                arguments("{'buffers': [{'text': 'a'}],}", fault, "expected a field name in double quotes, found '}'"),
                arguments("{'buffers' [{'text': 'a'}]}", fault, "expected ':' after the field name, found '['"),
                arguments("{\n  'buffers': [\n    {'text': 'a'},,\n  ]\n}", fault, "line 3, column 19: expected a value, found ','"),
                arguments("{“buffers”: []}", fault, "found '“' (U+201C)"),
                arguments("{'buffers': [{'text': 'a\tb'}]}", fault, "raw control character U+0009"),
                arguments("{'buffers': [{'text': 'a\\qb'}]}", fault, "\\q is not an escape"),
                arguments("{'buffers': [{'text': '\\u12'}]}", fault, "\\u takes four hex digits, found '\"'"),
                arguments("{'buffers': [{'text': '\\ud800'}]}", fault, "\\ud800 begins a surrogate pair"),
                arguments("{'buffers': [{'text': '\\ud800\\u0041'}]}", fault, "\\ud800 begins a surrogate pair"),
                arguments("{'buffers': [{'text': '\\udc00'}]}", fault, "half of a surrogate pair"),
                arguments("{'overlapped': tru}", fault, "expected true, found '}'"),
                arguments("{'overlapped': -}", fault, "expected a digit, found '}'"),
                arguments("{'overlapped': 1.}", fault, "expected a digit, found '}'"),
                // C29: what is wrong with buffers is WSAEFAULT, with the path
                arguments("{}", fault, "'buffers' is missing"),
                arguments("{'flags': ['MSG_OOB']}", fault, "'buffers' is missing"),
                arguments("{'buffers': null}", fault, "'buffers' must be a non-empty array of buffers such as [{\"text\": \"Hello\"}], not null"),
                arguments("{'buffers': 'abc'}", fault, "'buffers' must be a non-empty array of buffers such as [{\"text\": \"Hello\"}], not a string"),
                arguments("{'buffers': {'text': 'a'}}", fault, "'buffers' must be a non-empty array"),
                arguments("{'buffers': []}", fault, "'buffers' is empty"),
                arguments("{'buffers': [null]}", fault, "buffers[0] must be an object such as {\"text\": \"Hello\"}, not null"),
                arguments("{'buffers': [{'text': 'a'}, 7]}", fault, "buffers[1] must be an object such as {\"text\": \"Hello\"}, not a number"),
                arguments("{'buffers': [{'text': 'a'}, 'b']}", fault, "buffers[1] must be an object such as {\"text\": \"Hello\"}, not a string"),
                arguments("{'buffers': [{}]}", fault, "buffers[0] must have exactly one of base64, hex or text; it has none"),
                arguments("{'buffers': [{'charset': 'UTF-8'}]}", fault, "buffers[0] must have exactly one of base64, hex or text; it has none"),
                arguments("{'buffers': [{'hex': '00', 'text': 'a'}]}", fault, "buffers[0] must have exactly one of base64, hex or text; it has hex and text"),
                arguments("{'buffers': [{'text': 'a'}, {'base64': 'QQ', 'hex': '00'}]}", fault, "buffers[1] must have exactly one of base64, hex or text; it has base64 and hex"),
                arguments("{'buffers': [{'base64': null}]}", fault, "buffers[0].base64 must be a string, not null"),
                arguments("{'buffers': [{'hex': 10}]}", fault, "buffers[0].hex must be a string, not a number"),
                arguments("{'buffers': [{'text': true}]}", fault, "buffers[0].text must be a string, not true"),
                arguments("{'buffers': [{'text': ['a']}]}", fault, "buffers[0].text must be a string, not an array"),
                arguments("{'buffers': [{'text': 'a', 'charset': 8}]}", fault, "buffers[0].charset must be a string naming a charset"),
                arguments("{'buffers': [{'text': 'a', 'charset': null}]}", fault, "buffers[0].charset must be a string naming a charset, such as \"UTF-8\", not null"),
                arguments("{'buffers': [{'text': 'a', 'charset': 'NOPE-9'}]}", fault, "buffers[0].charset 'NOPE-9' is not a charset this service knows"),
                arguments("{'buffers': [{'charset': 'no such charset!', 'text': 'a'}]}", fault, "buffers[0].charset 'no such charset!' is not a charset"),
                arguments("{'buffers': [{'text': 'a', 'charset': 'ISO-2022-CN'}]}", fault, "buffers[0].charset ISO-2022-CN can only decode"),
                arguments("{'buffers': [{'text': 'a', 'charset': '" + "x".repeat(300) + "'}]}", fault, "buffers[0].charset is longer than 256 characters"),
                arguments("{'buffers': [{'base64': 'QQ', 'charset': 'UTF-8'}]}", fault, "buffers[0].charset applies only to text, and this buffer is base64"),
                arguments("{'buffers': [{'charset': 'UTF-8', 'hex': '00'}]}", fault, "buffers[0].charset applies only to text, and this buffer is hex"),
                arguments("{'buffers': [{'text': 'a€b', 'charset': 'ISO-8859-1'}]}", fault, "buffers[0].text: The text has a character that ISO-8859-1 cannot encode"),
                arguments("{'buffers': [{'charset': 'US-ASCII', 'text': 'é'}]}", fault, "buffers[0].text: The text has a character that US-ASCII cannot encode"),
                // C29: base64 (whitespace ignored; d data and p padding: p=0 needs d%4 != 1, p=1 d%4 == 3, p=2 d%4 == 2)
                arguments("{'buffers': [{'base64': '%%%'}]}", fault, "buffers[0].base64 is not valid base64: '%' at character 1 of the value is not a base64 character"),
                arguments("{'buffers': [{'text': ''}, {'base64': 'QU JD-_'}]}", fault, "buffers[1].base64 is not valid base64: '-' at character 6 of the value"),
                arguments("{'buffers': [{'base64': 'QUJDé'}]}", fault, "buffers[0].base64 is not valid base64: U+00E9 at character 5"),
                arguments("{'buffers': [{'base64': 'QUJD='}]}", fault, "buffers[0].base64 is not valid base64: 4 data characters and 1 '=' do not make whole bytes"),
                arguments("{'buffers': [{'base64': 'Q'}]}", fault, "1 data characters and 0 '='"),
                arguments("{'buffers': [{'base64': 'QUJDR'}]}", fault, "5 data characters and 0 '='"),
                arguments("{'buffers': [{'base64': 'QQ='}]}", fault, "2 data characters and 1 '='"),
                arguments("{'buffers': [{'base64': 'QUI=='}]}", fault, "3 data characters and 2 '='"),
                arguments("{'buffers': [{'base64': 'QQ==='}]}", fault, "at most two '='"),
                arguments("{'buffers': [{'base64': 'QQ==QUJD'}]}", fault, "'=' may only end the value, and 'Q' at character 5 of the value follows it"),
                // C29: hex (whitespace and ':' ignored)
                arguments("{'buffers': [{'hex': 'abc'}]}", fault, "buffers[0].hex is not valid hex: it has an odd number (3) of hex digits"),
                arguments("{'buffers': [{'hex': 'zz'}]}", fault, "buffers[0].hex is not valid hex: 'z' at character 1 of the value is not a hex digit"),
                arguments("{'buffers': [{'hex': '0x01'}]}", fault, "'x' at character 2"),
                arguments("{'buffers': [{'hex': '01-02'}]}", fault, "'-' at character 3"),
                // C10: flags and overlapped of the wrong shape are WSAEINVAL
                arguments("{'buffers': [{'text': 'a'}], 'flags': 'MSG_OOB'}", inval, "'flags' must be an array of flag names such as [\"MSG_OOB\"], or null, not a string"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': [null]}", inval, "flags[0] must be a string naming a flag (MSG_OOB, MSG_DONTROUTE, MSG_PARTIAL), not null"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': ['MSG_OOB', 1]}", inval, "flags[1] must be a string naming a flag"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': [['MSG_OOB']]}", inval, "flags[0] must be a string naming a flag (MSG_OOB, MSG_DONTROUTE, MSG_PARTIAL), not an array"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': {}}", inval, "not an object"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': ['" + "M".repeat(257) + "']}", inval, "flags[0] is longer than 256 characters"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': [" + "'MSG_OOB',".repeat(64) + "'MSG_OOB']}", inval, "'flags' has more than 64 entries"),
                arguments("{'buffers': [{'text': 'a'}], 'overlapped': 'yes'}", inval, "'overlapped' must be true, false or null, not a string"),
                arguments("{'overlapped': 1, 'buffers': [{'text': 'a'}]}", inval, "'overlapped' must be true, false or null, not a number (line 1, column 16)"),
                arguments("{'buffers': [{'text': 'a'}], 'overlapped': [true]}", inval, "not an array"),
                // unknown fields: WSAEINVAL, with the nearest known name when one is close
                arguments("{'flag': []}", inval, "Unknown field 'flag'; did you mean 'flags'?"),
                arguments("{'Overlapped': true}", inval, "Unknown field 'Overlapped'; did you mean 'overlapped'?"),
                arguments("{'OVERLAPED': true}", inval, "did you mean 'overlapped'?"),
                arguments("{'bufers': []}", inval, "Unknown field 'bufers'; did you mean 'buffers'?"),
                arguments("{'flgas': []}", inval, "did you mean 'flags'?"),
                arguments("{'sendTimeoutMs': 5}", inval, "Unknown field 'sendTimeoutMs'; known: buffers, flags, overlapped"),
                arguments("{'text': 'hello'}", inval, "Unknown field 'text'; it belongs in a buffer, such as {\"buffers\": [{\"text\": \"Hello\"}]}. The fields are buffers, flags, overlapped"),
                arguments("{'buffers': [{'txt': 'a'}]}", inval, "Unknown field 'txt' in buffers[0]; did you mean 'text'?"),
                arguments("{'buffers': [{'text': 'a'}, {'Base64': 'QQ'}]}", inval, "Unknown field 'Base64' in buffers[1]; did you mean 'base64'?"),
                arguments("{'buffers': [{'charSet': 'UTF-8', 'text': 'a'}]}", inval, "did you mean 'charset'?"),
                arguments("{'buffers': [{'data': 'a'}]}", inval, "Unknown field 'data' in buffers[0]; known: base64, hex, text, charset"),
                arguments("{'" + "b".repeat(300) + "': 1}", inval, "A field name is longer than 256 characters"),
                // duplicates: WSAEINVAL
                arguments("{'buffers': [{'text': 'a'}], 'flags': [], 'flags': []}", inval, "The field 'flags' appears more than once"),
                arguments("{'buffers': [{'text': 'a'}], 'buffers': [{'text': 'b'}]}", inval, "The field 'buffers' appears more than once"),
                arguments("{'buffers': [{'text': 'a', 'text': 'b'}]}", inval, "The field 'text' in buffers[0] appears more than once"),
                arguments("{'buffers': [{'text': 'a', 'charset': 'UTF-8', 'charset': 'UTF-8'}]}", inval, "The field 'charset' in buffers[0] appears more than once"),
                // deeper nesting is refused where it begins, without descending into it
                arguments(deep, fault, "must be a JSON object"),
                arguments("{'buffers': " + deep, fault, "buffers[0] must be an object such as {\"text\": \"Hello\"}, not an array"),
                arguments("{'buffers': [{'text': 'a'}, " + deep, fault, "buffers[1] must be an object such as {\"text\": \"Hello\"}, not an array"),
                arguments("{'buffers': [{'text': " + "{'a': ".repeat(100_000), fault, "buffers[0].text must be a string, not an object"),
                arguments("{'buffers': [{'text': 'a'}], 'flags': [" + deep, inval, "flags[0] must be a string"),
                arguments("{'buffers': [{'text': 'a'}], 'overlapped': " + deep, inval, "'overlapped' must be true, false or null, not an array"),
                arguments("{'nested': " + deep, inval, "Unknown field 'nested'"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("refusals")
    void aWrongBodyIsRefusedWithItsCodeAndSaysWhatAndWhere(String body, String code, String message) {
        // C29 (WSAEFAULT for the buffers and for the JSON itself), C10 (WSAEINVAL for flags, overlapped, names)
        WsaException e = refusal(json(body));
        assertThat(e.error().name()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).contains(message).doesNotContain("Exception", "java.", "io.sendgate");
    }

    static Stream<Arguments> notUtf8() {
        byte[] prefix = "{\"buffers\": [{\"text\": \"ab".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                // the bad byte is at column 26, after the 25 characters of the prefix
                arguments(new byte[] {(byte) 0xFF}, "column 26: byte 0xFF cannot begin a character"),
                arguments(new byte[] {(byte) 0x80}, "column 26: byte 0x80 cannot begin a character"),
                arguments(new byte[] {(byte) 0xC0, (byte) 0xAF}, "column 26: byte 0xC0 cannot begin a character"),
                arguments(new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, "column 26: byte 0xF5 cannot begin"),
                // or at 27, after a lead byte: overlong forms, surrogates, past U+10FFFF, a missing continuation
                arguments(new byte[] {(byte) 0xC3, 'x'}, "column 27: byte 0x78 does not continue the character before it"),
                arguments(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, "column 27: byte 0x80 does not continue"),
                arguments(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "column 27: byte 0xA0 does not continue"),
                arguments(new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80}, "column 27: byte 0x80 does not continue"),
                arguments(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "column 27: byte 0x90 does not continue"))
                .map(a -> arguments(Bytes.concat(prefix, (byte[]) a.get()[0], "\"}]}".getBytes(StandardCharsets.US_ASCII)), a.get()[1]));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("notUtf8")
    void invalidUtf8IsRefusedWithWhereItIs(byte[] body, String message) {
        // C29: the body is UTF-8 JSON; a malformed sequence is no character at all
        WsaException e = refusal(body);
        assertThat(e.error()).isEqualTo(WsaError.WSAEFAULT);
        assertThat(e.getMessage()).startsWith("The body is not valid UTF-8 at line 1, ").contains(message);
    }

    static Stream<Arguments> notUtf8OnAnyLine() {
        // a character counts one column however many bytes it takes: é two, 😀 four
        byte[] secondLine = Bytes.concat("{\"buffers\": [\n  {\"text\": \"é😀".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF}, "\"}]}".getBytes(StandardCharsets.US_ASCII));
        return Stream.concat(notUtf8(), Stream.of(arguments(secondLine, "line 2, column 15: byte 0xFF cannot begin a character")));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("notUtf8OnAnyLine")
    void aBodyReadByJacksonIsRefusedAtTheSamePlaceInTheSameWords(byte[] body, String message) {
        // C29, C40: the other calls' bodies are checked as they stream into Jackson (StrictUtf8Bodies)
        WsaException jackson = catchThrowableOfType(
                () -> new StrictUtf8Bodies.Utf8Check(new ByteArrayInputStream(body)).readAllBytes(), WsaException.class);
        assertThat(jackson.getMessage()).contains(message).isEqualTo(refusal(body).getMessage());
    }

    @Test
    void aBrokenByteOrderMarkOrBytesOutsideAStringAreRefused() {
        // C29
        assertThat(refusal(new byte[] {(byte) 0xEF, (byte) 0xBB, '{', '}'}).getMessage()).contains("broken byte order mark");
        WsaException e = refusal(new byte[] {'{', (byte) 0xFE, '}'});
        assertThat(e.error()).isEqualTo(WsaError.WSAEFAULT);
        assertThat(e.getMessage()).contains("line 1, column 2", "found byte 0xFE");
    }

    @Test
    void columnsCountCharactersNotBytes() {
        // C29: a message's column is where an editor puts the cursor: é is two bytes and 😀 four, each one character
        WsaException e = refusal(json("{'buffers': [{'text': 'ééé😀'}] x}"));
        assertThat(e.getMessage()).isEqualTo("The body is not valid JSON at line 1, column 32: expected ',' or '}', found 'x'");
        e = refusal(json("{'buffers':\n [{'text': 'é\\u00e9'}],\n  'overlapped': 'é'}"));
        assertThat(e.getMessage()).endsWith("(line 3, column 17)");
    }

    // ---- the heap a send costs

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base64", "hex", "text"})
    void aValueOf48MiBCostsTheHeapOnlyTheReadersWindows(String encoding) {
        // C39: a JSON body is never held whole in the heap, as a String, a byte[] or a decoded copy. The JVM counts
        // every byte a thread allocates in the heap (ThreadMXBean#getThreadAllocatedBytes); reading a 48 MiB value
        // must allocate a small fraction of it. The windows (tens of KiB) and the builder's copy windows count;
        // a String of the value (96 MiB) or its decoded bytes (24-48 MiB) could not fit under 8 MiB.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] block = Bytes.random(48 * 1024, 21);
        byte[] chunk = switch (encoding) {
            case "base64" -> Base64.getEncoder().encode(block);
            case "hex" -> HexFormat.of().formatHex(block, 0, 32 * 1024).getBytes(StandardCharsets.US_ASCII);
            default -> new String(block, StandardCharsets.ISO_8859_1).replaceAll("[^a-zA-Z0-9 ]", "é")
                    .substring(0, 32 * 1024).getBytes(StandardCharsets.UTF_8);
        };
        int repeats = (48 << 20) / chunk.length;
        byte[] head = ("{\"buffers\": [{\"" + encoding + "\": \"").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}]}".getBytes(StandardCharsets.US_ASCII);
        long length = head.length + (long) chunk.length * repeats + tail.length;
        JsonSendReader.read(new Repeated(head, chunk, 2, tail), payloads.builder(0)).payload().close(); // classes loaded

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        Read send = new Read(JsonSendReader.read(new Repeated(head, chunk, repeats, tail), payloads.builder(length)));
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        try (send) {
            assertThat(allocated).as("heap bytes allocated reading %d bytes of JSON", length).isLessThan(8L << 20);
            byte[] unit = switch (encoding) {
                case "base64" -> Base64.getDecoder().decode(chunk);
                case "hex" -> HexFormat.of().parseHex(new String(chunk, StandardCharsets.US_ASCII));
                default -> chunk;
            };
            Payload p = send.payload();
            assertThat(p.bufferLengths()).containsExactly((long) unit.length * repeats);
            byte[] back = new byte[unit.length];
            for (int i = 0; i < repeats; i++) {
                p.memory().read((long) i * unit.length, back, 0, back.length);
                assertThat(back).as("unit %d", i).isEqualTo(unit);
            }
        }
    }

    // ---- helpers

    /** A JSON body written with ' for ", to keep the tables readable. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** What the reader gave, closing its payload at the end of a try block. */
    private record Read(JsonSend send) implements AutoCloseable {
        Payload payload() {
            return send.payload();
        }

        List<String> flags() {
            return send.flags();
        }

        Boolean overlapped() {
            return send.overlapped();
        }

        @Override
        public void close() {
            send.payload().close();
        }
    }

    private Read read(String body) {
        return read(body.getBytes(StandardCharsets.UTF_8));
    }

    /** As the controller does: the body's length is the builder's size hint. */
    private Read read(byte[] body) {
        return new Read(JsonSendReader.read(new ByteArrayInputStream(body), payloads.builder(body.length)));
    }

    private WsaException refusal(String body) {
        return refusal(body.getBytes(StandardCharsets.UTF_8));
    }

    private WsaException refusal(byte[] body) {
        WsaException e = catchThrowableOfType(() -> read(body).close(), WsaException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(budget.held()).as("bytes still reserved after: " + e.getMessage()).isZero();
        return e;
    }

    /** Each buffer's bytes, read back from the payload's native memory. */
    private static List<byte[]> buffers(Payload payload) {
        List<byte[]> out = new ArrayList<>();
        long offset = 0;
        for (long length : payload.bufferLengths()) {
            byte[] buffer = new byte[(int) length];
            payload.memory().read(offset, buffer, 0, buffer.length);
            out.add(buffer);
            offset += length;
        }
        assertThat(offset).isEqualTo(payload.totalBytes());
        return out;
    }

    /** head, chunk repeated, tail: a large body that is never in the heap, and reading it allocates nothing. */
    private static final class Repeated extends InputStream {
        private final byte[][] parts;
        private final int repeats;
        private int part;
        private int repeat;
        private int at;

        Repeated(byte[] head, byte[] chunk, int repeats, byte[] tail) {
            this.parts = new byte[][] {head, chunk, tail};
            this.repeats = repeats;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads through a window");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (part < parts.length && at == parts[part].length) {
                at = 0;
                if (part != 1 || ++repeat == repeats) {
                    part++;
                }
            }
            if (part == parts.length) {
                return -1;
            }
            int n = Math.min(len, parts[part].length - at);
            System.arraycopy(parts[part], at, b, off, n);
            at += n;
            return n;
        }
    }
}
