package io.sendgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sendgate.core.Capture;
import io.swagger.v3.oas.annotations.media.Schema;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Captured bytes as JSON (C44): where they lie in the stream, and the bytes as base64 and, when they are UTF-8, as text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Captured bytes from offset `from` to `to` (stream offsets), as base64 and as text when valid UTF-8")
public record CapturedBytes(
        @Schema(description = "Where the pattern starts (expect only)") Long offset,
        @Schema(description = "Where the bytes end; for expect, the pattern's end") long end,
        long from,
        long to,
        @Schema(description = "The stream ended at `to` (the peer closed it, or it failed: see wsaError)") boolean eof,
        @Schema(description = "The code the stream failed with, when it did") String wsaError,
        @Schema(format = "byte") byte[] base64,
        @Schema(description = "The bytes as text, when they are valid UTF-8") String text) {

    static CapturedBytes of(Capture.Slice s) {
        return new CapturedBytes(s.matchStart() < 0 ? null : s.matchStart(), s.to(), s.from(), s.to(), s.eof(),
                s.error() == null ? null : s.error().name(), s.bytes(), text(s.bytes()));
    }

    /** The bytes as UTF-8 text, or null when they are not (a cut in the middle of a character included). */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
