package io.sendgate.testcontainers;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Bytes a capturing socket received, from stream offset {@code from} up to {@code to}. An answer of
 * {@code expect} also says where the pattern starts ({@code offset}) and ends ({@code end}, equal to {@code to});
 * read on from {@code to}.
 *
 * @param offset  where the pattern starts (expect only; null for received)
 * @param end     where the bytes end; for expect, the pattern's end
 * @param eof     the stream ended at {@code to}: the peer closed it, or it failed ({@code wsaError})
 * @param wsaError the code the stream failed with, when it did
 * @param bytes   the bytes from {@code from} to {@code to}
 * @param text    the same as text, when they are valid UTF-8; null otherwise
 */
public record CapturedBytes(
        Long offset,
        long end,
        long from,
        long to,
        boolean eof,
        String wsaError,
        @JsonProperty("base64") byte[] bytes,
        String text) {

    public CapturedBytes {
        bytes = bytes == null ? new byte[0] : bytes;
    }

    /** How many bytes: {@code to - from}. */
    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "CapturedBytes[from=" + from + ", to=" + to + (offset == null ? "" : ", offset=" + offset)
                + (eof ? ", eof" : "") + (wsaError == null ? "" : ", " + wsaError) + ": " + Printable.of(bytes) + "]";
    }
}
