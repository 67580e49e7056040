package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The JSON bodies Jackson reads (every call but a send, whose reader checks this itself) are UTF-8 exactly, as
 * RFC 8259 has it: Jackson decodes some malformed sequences instead of refusing them, so an overlong
 * {@code C1 83} read as {@code C} and {@code {"type":"T\xC1\x83P"}} opened a TCP socket. A body that is not
 * UTF-8 is not JSON, so it is WSAEFAULT (C29, C40), said with the byte where it goes wrong.
 */
@ControllerAdvice
class StrictUtf8Bodies extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        MediaType type = input.getHeaders().getContentType();
        if (type != null && type.getCharset() != null && !StandardCharsets.UTF_8.equals(type.getCharset())) {
            return input; // a body that says it is in another charset is decoded as that charset
        }
        InputStream body = new Utf8Check(input.getBody());
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /** Passes the bytes through, refusing the first that breaks UTF-8 (Unicode 15, table 3-7). */
    static final class Utf8Check extends FilterInputStream {
        /** Continuation bytes still due for the current character, and the range the next one must fall in. */
        private int due;
        private int low = 0x80;
        private int high = 0xBF;
        private long offset;

        Utf8Check(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                end();
            } else {
                check(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                end();
            }
            for (int i = 0; i < n; i++) {
                check(buf[off + i] & 0xFF);
            }
            return n;
        }

        private void check(int b) {
            offset++;
            if (due > 0) {
                if (b < low || b > high) {
                    throw notUtf8(String.format("byte 0x%02X does not continue the character before it", b));
                }
                due--;
                low = 0x80;
                high = 0xBF;
                return;
            }
            if (b < 0x80) {
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                due = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                due = 2;
                low = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                high = b == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                due = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
            } else {
                throw notUtf8(String.format("byte 0x%02X cannot begin a character", b));
            }
        }

        private void end() {
            if (due > 0) {
                throw notUtf8("the body ends inside a character");
            }
        }

        private WsaException notUtf8(String why) {
            return new WsaException(WsaError.WSAEFAULT, "The request body is not JSON: it is not valid UTF-8 at byte "
                    + offset + " (" + why + ")");
        }
    }
}
