package io.sendgate.api;

import io.sendgate.core.PayloadBuilder;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Payload;
import org.apache.tomcat.util.http.fileupload.FileItemHeaders;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.apache.tomcat.util.http.fileupload.impl.FileUploadIOException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The multipart/form-data body of a send, read as it streams: each part is one buffer, in part order,
 * written straight into the payload's native memory (C6, C9, C39), like {@link JsonSendReader} for JSON.
 *
 * <p>It uses the container's own tokenizer and header parsing, but is strict where the container's parser is
 * lenient: that parser takes a body that stops right after a delimiter line (or has anything else there but a
 * line break or the closing {@code --}) as complete, and skips parts that are not form-data fields, so a body
 * cut short went out as fewer buffers than it described. Here each is refused with WSAEFAULT (C29) before
 * anything is sent.
 */
final class MultipartSendReader {
    private static final int WINDOW = 64 * 1024;

    private MultipartSendReader() {
    }

    /**
     * @param builder        where the parts go, one buffer each; closed on any failure, so nothing leaks
     * @param maxHeaderBytes server.tomcat.max-part-header-size
     * @throws WsaException for anything the body gets wrong, saying what and where
     */
    static Payload read(InputStream body, String contentType, PayloadBuilder builder, int maxHeaderBytes) {
        // closing after build() is a no-op: the payload then owns the memory
        try (builder) {
            new MultipartSendReader().parts(body, contentType, () -> builder, b -> { }, maxHeaderBytes);
            return builder.build();
        }
    }

    /**
     * A batch's parts, each one send of one buffer, in part order (POST .../sends/batch with multipart/form-data).
     *
     * @param builders a builder for each part
     * @return the payloads; on any failure every one read so far is freed
     */
    static java.util.List<Payload> readEach(InputStream body, String contentType,
                                            java.util.function.IntFunction<PayloadBuilder> builders, int maxHeaderBytes) {
        java.util.List<Payload> payloads = new java.util.ArrayList<>();
        PayloadBuilder[] current = new PayloadBuilder[1];
        try {
            new MultipartSendReader().parts(body, contentType, () -> {
                current[0] = builders.apply(payloads.size());
                return current[0];
            }, b -> {
                payloads.add(b.build());
                current[0] = null;
            }, maxHeaderBytes);
            return payloads;
        } catch (RuntimeException e) {
            if (current[0] != null) {
                current[0].close();
            }
            payloads.forEach(Payload::close);
            throw e;
        }
    }

    private void parts(InputStream body, String contentType, java.util.function.Supplier<PayloadBuilder> nextPart,
                       java.util.function.Consumer<PayloadBuilder> partEnded, int maxHeaderBytes) {
        FileUpload container = new FileUpload();
        byte[] boundary = contentType == null ? null : container.getBoundary(contentType);
        if (boundary == null || boundary.length == 0) {
            throw fault("The multipart body is malformed: the request was rejected because no multipart boundary was found");
        }
        String close = "--" + new String(boundary, StandardCharsets.ISO_8859_1) + "--";
        PayloadBuilder[] builder = new PayloadBuilder[1];
        OutputStream into = new OutputStream() {
            @Override
            public void write(int b) {
                builder[0].write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                builder[0].write(b, off, len);
            }
        };
        int part = 0;
        String where = "before its first part";
        try {
            MultipartStream stream = new MultipartStream(body, boundary, WINDOW, null);
            stream.setPartHeaderSizeMax(maxHeaderBytes);
            stream.setHeaderEncoding(StandardCharsets.UTF_8.name());
            if (!stream.skipPreamble()) {
                throw fault("A multipart send carries at least one part, and this body has none (no delimiter line --"
                        + new String(boundary, StandardCharsets.ISO_8859_1) + " opens one)");
            }
            boolean more = true;
            while (more) {
                builder[0] = nextPart.get();
                builder[0].startBuffer(); // refuses a part past the limit before its headers are read
                part++;
                where = "inside the headers of part " + part;
                FileItemHeaders headers = container.getParsedHeaders(stream.readHeaders());
                if (container.getFieldName(headers) == null) {
                    throw fault("Part " + part + " is not a form-data field: each part of a send needs "
                            + "Content-Disposition: form-data; name=\"...\" (RFC 7578)");
                }
                String type = headers.getHeader("Content-Type");
                if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                    throw fault("Part " + part + " is itself a multipart body; send each of its parts as a part of its own");
                }
                where = "inside part " + part + ", before the delimiter line that ends it";
                stream.readBodyData(into);
                partEnded.accept(builder[0]);
                where = "after part " + part + ": a delimiter line goes on with a line break and the next part, "
                        + "or closes the body with " + close;
                more = stream.readBoundary();
            }
            // What follows the closing delimiter is an epilogue, which carries nothing; reading it to its end tells a
            // body that broke off before its announced length (or before its last chunk) from a whole one (C29).
            body.transferTo(OutputStream.nullOutputStream());
        } catch (FileUploadIOException headerTooLong) {
            throw fault("A part's headers are longer than this service reads (server.tomcat.max-part-header-size)");
        } catch (MultipartStream.MalformedStreamException e) {
            throw fault("The multipart body is malformed " + where);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WsaException fault(String message) {
        return new WsaException(WsaError.WSAEFAULT, message);
    }
}
