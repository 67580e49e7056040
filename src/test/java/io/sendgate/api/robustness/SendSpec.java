package io.sendgate.api.robustness;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A valid JSON send, which mutations take apart: its buffers, flags and mode, and the bytes it carries. */
final class SendSpec {
    static final Set<String> NAMES = Set.of("buffers", "flags", "overlapped", "base64", "hex", "text", "charset");

    static final class Buf {
        String field;
        String value;
        String charset;
        boolean charsetFirst;
        String extra;
        byte[] bytes;
    }

    final List<Buf> buffers = new ArrayList<>();
    String flags;
    String overlapped;
    String extraTop;
    final List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
    String space = "";

    static SendSpec valid(Dice dice) {
        SendSpec s = new SendSpec();
        int n = dice.nextInt(10) == 0 ? 2 + dice.nextInt(40) : 1 + dice.nextInt(3);
        for (int i = 0; i < n; i++) {
            s.buffers.add(buffer(dice));
        }
        s.flags = dice.pick(null, null, null, "[]", "null", "[\"MSG_DONTROUTE\"]", "[\"\"]", "[\"MSG_DONTROUTE,\"]",
                "[\" MSG_DONTROUTE \"]");
        s.overlapped = dice.pick(null, null, null, "true", "null", "true", "false");
        Collections.shuffle(s.order, dice);
        s.space = dice.pick("", "", " ", "\n", "\r\n\t");
        return s;
    }

    private static Buf buffer(Dice dice) {
        Buf b = new Buf();
        int kind = dice.nextInt(3);
        if (kind == 0) {
            b.field = "base64";
            b.bytes = dice.randomBytes(dice.pickSize() % 40_000);
            String v = switch (dice.nextInt(4)) {
                case 0 -> Base64.getEncoder().withoutPadding().encodeToString(b.bytes);
                case 1 -> Base64.getMimeEncoder().encodeToString(b.bytes).replace("\r\n", "\\r\\n");
                default -> Base64.getEncoder().encodeToString(b.bytes);
            };
            b.value = "\"" + v + "\"";
        } else if (kind == 1) {
            b.field = "hex";
            b.bytes = dice.randomBytes(dice.pickSize() % 20_000);
            String sep = dice.pick("", "", " ", ":", "\\n");
            StringBuilder v = new StringBuilder();
            boolean upper = dice.nextBoolean();
            for (int i = 0; i < b.bytes.length; i++) {
                String h = String.format(upper ? "%02X" : "%02x", b.bytes[i]);
                v.append(i == 0 ? "" : sep).append(h);
            }
            b.value = "\"" + v + "\"";
        } else {
            b.field = "text";
            String charset = dice.pick(null, null, null, "UTF-8", "utf-8", "ISO-8859-1", "latin1", "US-ASCII", "UTF-16BE",
                    "UTF-16LE", "UTF-16");
            int limit = charset == null || charset.toUpperCase(Locale.ROOT).startsWith("UTF") ? 0x10FFFF
                    : charset.equals("US-ASCII") ? 0x7F : 0xFF;
            String text = randomText(dice, limit, charset != null && charset.equals("UTF-16"));
            b.bytes = text.getBytes(charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset));
            b.value = jsonText(dice, text);
            if (charset != null) {
                b.charset = "\"" + charset + "\"";
                b.charsetFirst = dice.nextBoolean();
            }
        }
        return b;
    }

    byte[] payload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffers.forEach(b -> out.writeBytes(b.bytes));
        return out.toByteArray();
    }

    String json() {
        StringBuilder b = new StringBuilder("{").append(space);
        List<String> members = new ArrayList<>();
        for (int o : order) {
            if (o == 0) {
                StringBuilder list = new StringBuilder("\"buffers\":").append(space).append('[');
                for (int i = 0; i < buffers.size(); i++) {
                    Buf buf = buffers.get(i);
                    List<String> fields = new ArrayList<>();
                    if (buf.charset != null && buf.charsetFirst) {
                        fields.add("\"charset\":" + buf.charset);
                    }
                    fields.add("\"" + buf.field + "\":" + space + buf.value);
                    if (buf.charset != null && !buf.charsetFirst) {
                        fields.add("\"charset\":" + buf.charset);
                    }
                    if (buf.extra != null) {
                        fields.add(buf.extra);
                    }
                    list.append(i == 0 ? "" : "," + space).append('{').append(String.join(",", fields)).append('}');
                }
                members.add(list.append(']').toString());
            } else if (o == 1 && flags != null) {
                members.add("\"flags\":" + space + flags);
            } else if (o == 2 && overlapped != null) {
                members.add("\"overlapped\":" + overlapped);
            }
        }
        if (extraTop != null) {
            members.add(members.isEmpty() ? 0 : 1, extraTop);
        }
        return b.append(String.join("," + space, members)).append(space).append('}').toString();
    }

    /** Text of code points up to {@code maxCodePoint}: ASCII, controls, Latin-1, the BMP, emoji. */
    private static String randomText(Dice dice, int maxCodePoint, boolean nonEmpty) {
        int length = dice.nextInt(8) == 0 ? 0 : 1 + dice.nextInt(dice.nextInt(10) == 0 ? 5000 : 40);
        if (nonEmpty && length == 0) {
            length = 1;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (dice.nextInt(10)) {
                case 6 -> dice.pick(0x0A, 0x09, 0x0D, 0x01, 0x1F, 0x22, 0x5C, 0x2F);
                case 7 -> 0xA0 + dice.nextInt(0x60);
                case 8 -> 0x100 + dice.nextInt(0xD7FF - 0x100);
                case 9 -> 0x1F600 + dice.nextInt(80);
                default -> 0x20 + dice.nextInt(0x5F);
            };
            b.appendCodePoint(cp > maxCodePoint ? 0x20 + dice.nextInt(0x5F) : cp);
        }
        return b.toString();
    }

    /** A JSON string literal of {@code text}, with escapes of every kind, chosen at random where optional. */
    private static String jsonText(Dice dice, String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append(dice.nextBoolean() ? "\\n" : "\\u000a");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '/' -> b.append(dice.nextBoolean() ? "\\/" : "/");
                default -> {
                    // a surrogate pair is escaped whole or not at all: half an escape is a lone surrogate
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length();
                    if (c < 0x20 || dice.nextInt(6) == 0 && c > 0x7F) {
                        b.append(String.format(dice.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                        if (pair) {
                            b.append(String.format("\\u%04x", (int) text.charAt(++i)));
                        }
                    } else {
                        b.append(c);
                        if (pair) {
                            b.append(text.charAt(++i));
                        }
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
