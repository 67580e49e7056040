package io.sendgate.api;

/**
 * Where a reader is in a UTF-8 body, for a message: the line and the column in characters, both from 1, from the
 * byte offset, the line breaks and the continuation bytes it has passed.
 */
final class TextPosition {
    private int line = 1;
    private long lineStart;
    /** UTF-8 continuation bytes passed so far, so that a column counts characters rather than bytes. */
    private long continuations;
    private long lineContinuations;

    /** The current line's first character is at {@code offset} (after a line break, or a byte order mark). */
    void lineStartsAt(long offset) {
        lineStart = offset;
        lineContinuations = continuations;
    }

    /** A line break was passed; the next line begins at {@code offset}. */
    void newLine(long offset) {
        line++;
        lineStartsAt(offset);
    }

    void continuation() {
        continuations++;
    }

    /** The line and column of the byte at {@code offset}. */
    String at(long offset) {
        return "line " + line + ", column " + (offset - lineStart - (continuations - lineContinuations) + 1);
    }
}
