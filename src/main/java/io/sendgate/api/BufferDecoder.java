package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** JSON buffer descriptions to bytes (C9); anything malformed is WSAEFAULT and nothing is sent (C29). */
final class BufferDecoder {
    private BufferDecoder() {
    }

    static List<byte[]> decode(List<BufferSpec> buffers) {
        if (buffers == null || buffers.isEmpty()) {
            throw fault("A send carries at least one buffer: 'buffers' is missing or empty");
        }
        List<byte[]> out = new ArrayList<>(buffers.size());
        for (int i = 0; i < buffers.size(); i++) {
            out.add(decode(i, buffers.get(i)));
        }
        return out;
    }

    private static byte[] decode(int i, BufferSpec b) {
        if (b == null) {
            throw fault("buffers[" + i + "] is null");
        }
        int given = (b.base64() != null ? 1 : 0) + (b.hex() != null ? 1 : 0) + (b.text() != null ? 1 : 0);
        if (given != 1) {
            throw fault("buffers[" + i + "] must have exactly one of base64, hex or text; it has " + given);
        }
        if (b.base64() != null) {
            try {
                return Base64.getMimeDecoder().decode(strictBase64(i, b.base64()));
            } catch (IllegalArgumentException e) {
                throw fault("buffers[" + i + "].base64 is not valid base64: " + e.getMessage());
            }
        }
        if (b.hex() != null) {
            String hex = b.hex().replaceAll("[\\s:]", "");
            try {
                return HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw fault("buffers[" + i + "].hex is not valid hex: " + e.getMessage());
            }
        }
        return b.text().getBytes(charset(i, b.charset()));
    }

    /** The MIME decoder skips foreign characters silently; a tester wants to hear about them instead. */
    private static String strictBase64(int i, String s) {
        String compact = s.replaceAll("\\s", "");
        if (!compact.matches("[A-Za-z0-9+/]*={0,2}") || compact.length() % 4 == 1) {
            throw fault("buffers[" + i + "].base64 is not valid base64");
        }
        return compact;
    }

    private static Charset charset(int i, String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw fault("buffers[" + i + "].charset '" + name + "' is not a charset this service knows");
        }
    }

    private static WsaException fault(String message) {
        return new WsaException(WsaError.WSAEFAULT, message);
    }
}
