package io.sendgate.api;

import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One WSARecv (C41): the WSABUF array to fill, its flags, its mode. */
@Schema(description = "One WSARecv: buffers to fill (or bytes for one buffer), flags, and the mode")
public record ReceiveRequest(
        @Schema(description = "The WSABUF array: each buffer's length, in order", example = "[{\"length\": 4096}]")
        List<Buffer> buffers,
        @Schema(description = "One buffer of this many bytes (instead of buffers)", example = "4096") Long bytes,
        @Schema(description = "MSG_PEEK, MSG_OOB, MSG_WAITALL") List<String> flags,
        @Schema(description = "Default: the socket's attribute") Boolean overlapped) {

    /** One WSABUF's length. */
    public record Buffer(@Schema(example = "4096", requiredMode = Schema.RequiredMode.REQUIRED) Long length) {
    }

    /** The WSABUF lengths: {@code buffers}, or {@code bytes} as one buffer; exactly one of the two. */
    long[] lengths() {
        if ((buffers == null) == (bytes == null)) {
            throw new WsaException(WsaError.WSAEINVAL, "Give either buffers (a list of {\"length\": n}) or bytes (one buffer)");
        }
        if (bytes != null) {
            return new long[] {bytes};
        }
        long[] out = new long[buffers.size()];
        for (int i = 0; i < out.length; i++) {
            Buffer b = buffers.get(i);
            if (b == null || b.length() == null) {
                throw new WsaException(WsaError.WSAEINVAL, "buffers[" + i + "] needs a length");
            }
            out[i] = b.length();
        }
        return out;
    }
}
