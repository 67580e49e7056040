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
 * UTF-8 is not JSON, so it is WSAEFAULT (C29, C40), said with where it goes wrong, as a send's reader says it.
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

    /** Passes the bytes through, refusing the first that breaks UTF-8. */
    static final class Utf8Check extends FilterInputStream {
        /** Continuation bytes still due for the current character, and the range the next one must fall in. */
        private int due;
        private int low;
        private int high;
        /** Bytes passed so far: the offset of the next one. */
        private long offset;
        private final TextPosition position = new TextPosition();

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
            long at = offset++;
            if (due > 0) {
                if (b < low || b > high) {
                    throw notUtf8(at, Utf8.doesNotContinue(b));
                }
                due--;
                low = Utf8.LOW;
                high = Utf8.HIGH;
                position.continuation();
            } else if (b == '\n') {
                position.newLine(offset);
            } else if (b >= 0x80) {
                due = Utf8.continuations(b);
                if (due == 0) {
                    throw notUtf8(at, Utf8.cannotBegin(b));
                }
                low = Utf8.firstLow(b);
                high = Utf8.firstHigh(b);
            }
        }

        private void end() {
            if (due > 0) {
                throw notUtf8(offset, "the body ends inside a character");
            }
        }

        private WsaException notUtf8(long at, String why) {
            return new WsaException(WsaError.WSAEFAULT, JsonBodyErrors.notUtf8(position.at(at), why));
        }
    }
}
