package io.sendgate.testcontainers;

import java.util.Base64;
import java.util.Objects;

/** What {@link SendgateClient#expect(String, CapturePattern, java.time.Duration)} waits for in a socket's captured bytes. */
public final class CapturePattern {
    private final String member;
    private final String value;

    private CapturePattern(String member, String value) {
        this.member = member;
        this.value = Objects.requireNonNull(value, member);
    }

    /** These characters, as UTF-8. */
    public static CapturePattern text(String text) {
        return new CapturePattern("text", text);
    }

    /** Bytes written as hex digits; whitespace or {@code :} may separate them ({@code "0d0a 0d0a"}). */
    public static CapturePattern hex(String hex) {
        return new CapturePattern("hex", hex);
    }

    /** These bytes. */
    public static CapturePattern bytes(byte[] bytes) {
        return new CapturePattern("base64", Base64.getEncoder().encodeToString(bytes));
    }

    /** A Java regular expression over the bytes read as Latin-1 characters, one per byte. */
    public static CapturePattern regex(String regex) {
        return new CapturePattern("regex", regex);
    }

    /** The request member that carries it: {@code text}, {@code hex}, {@code base64} or {@code regex}. */
    String member() {
        return member;
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return member + " " + (member.equals("base64")
                ? Base64.getDecoder().decode(value).length + " bytes" : '"' + value + '"');
    }
}
