package io.sendgate.api;

import java.util.regex.Pattern;

/**
 * Messages written by libraries (Tomcat, Jackson) are shown to callers only when they are plain words:
 * the first line, without Jackson's "[Source: ...]" reference, and never with a Java type name (C40).
 */
final class PlainText {
    /** {@code io.sendgate.api.OpenSocketRequest}, {@code java.lang.Integer}, {@code [Ljava.lang.String;@19ef652}. */
    static final Pattern JAVA_NAME = Pattern.compile("\\b[a-z]+\\.[a-z]+(\\.[a-z]+)*\\.[A-Z]\\w*|\\[L[\\w.]+;@|\\$[A-Z]\\w*|`[^`]*`");

    private PlainText() {
    }

    /** The message cut to what a caller can read, or null when nothing readable is left. */
    static String of(String message) {
        if (message == null) {
            return null;
        }
        String text = message;
        for (String cut : new String[] {"\n", " (start marker at", "[Source:", " at [Source"}) {
            int at = text.indexOf(cut);
            if (at >= 0) {
                text = text.substring(0, at);
            }
        }
        // Tomcat marks the end of input with U+FFFF when it names the character it stopped at
        text = text.replaceAll("[\\p{Cntrl}\\x{FFFE}\\x{FFFF}]", "?").strip();
        if (text.isEmpty() || JAVA_NAME.matcher(text).find()) {
            return null;
        }
        return text;
    }
}
