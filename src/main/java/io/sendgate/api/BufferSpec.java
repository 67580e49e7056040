package io.sendgate.api;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "One WSABUF: exactly one of base64, hex or text")
public record BufferSpec(
        @Schema(example = "SGVsbG8=") String base64,
        @Schema(example = "48656c6c6f") String hex,
        @Schema(example = "Hello") String text,
        @Schema(description = "Charset of text, default UTF-8", example = "UTF-8") String charset) {
}
