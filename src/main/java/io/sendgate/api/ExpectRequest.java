package io.sendgate.api;

import io.sendgate.core.CapturePattern;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Waits until the captured bytes contain a pattern (C44): exactly one of text, hex, base64, regex. */
@Schema(description = "Wait until the captured bytes from `from` on contain this pattern; give exactly one of text, hex, base64, regex")
public record ExpectRequest(
        @Schema(description = "UTF-8 text", example = "GET / HTTP/1.1") String text,
        @Schema(description = "Bytes as hex; whitespace or ':' may separate them", example = "0d0a0d0a") String hex,
        @Schema(description = "Bytes as base64") String base64,
        @Schema(description = "A Java regular expression over the bytes as Latin-1 characters (one per byte)",
                example = "HTTP/1\\\\.[01] [0-9]{3}") String regex,
        @Schema(description = "The stream offset to search from (default 0); bytes before it are released", example = "0") Long from,
        @Schema(description = "How long to wait, in ms (default 5000, at most sendgate.limits.max-wait)", example = "5000") Long timeoutMs) {

    CapturePattern pattern() {
        int given = (text != null ? 1 : 0) + (hex != null ? 1 : 0) + (base64 != null ? 1 : 0) + (regex != null ? 1 : 0);
        if (given != 1) {
            throw new WsaException(WsaError.WSAEINVAL, "Give exactly one of text, hex, base64, regex");
        }
        if (text != null) {
            return CapturePattern.bytes(text.getBytes(StandardCharsets.UTF_8));
        }
        if (regex != null) {
            return CapturePattern.regex(regex);
        }
        if (hex != null) {
            return CapturePattern.bytes(hexBytes(hex));
        }
        try {
            return CapturePattern.bytes(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new WsaException(WsaError.WSAEINVAL, "base64 is not valid base64: " + e.getMessage());
        }
    }

    private static byte[] hexBytes(String hex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int high = -1;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            int d = HexSink.digit(c);
            if (d < 0) {
                if (Character.isWhitespace(c) || c == ':') {
                    continue;
                }
                throw new WsaException(WsaError.WSAEINVAL, "hex: '" + c + "' at " + i + " is not a hex digit");
            }
            if (high < 0) {
                high = d;
            } else {
                out.write(high << 4 | d);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new WsaException(WsaError.WSAEINVAL, "hex has an odd number of digits, and a byte takes two");
        }
        return out.toByteArray();
    }
}
