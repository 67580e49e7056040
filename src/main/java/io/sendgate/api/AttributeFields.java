package io.sendgate.api;

import io.sendgate.core.SocketAttributes;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.SocketOptions;

import java.time.Duration;

/** The socket attributes a request may set (C4), shared by opening and accepting. */
interface AttributeFields {
    Boolean overlapped();

    Boolean nonBlocking();

    Long sendTimeoutMs();

    Integer sendBufferBytes();

    Boolean noDelay();

    Boolean keepAlive();

    default SocketAttributes toAttributes() {
        if (sendTimeoutMs() != null && sendTimeoutMs() < 0) {
            throw new WsaException(WsaError.WSAEINVAL, "sendTimeoutMs must be 0 or more (0: no timeout)");
        }
        if (sendBufferBytes() != null && sendBufferBytes() < 0) {
            throw new WsaException(WsaError.WSAEINVAL, "sendBufferBytes must be 0 or more");
        }
        Duration timeout = sendTimeoutMs() == null || sendTimeoutMs() == 0 ? null : Duration.ofMillis(sendTimeoutMs());
        return new SocketAttributes(
                overlapped() == null || overlapped(),
                nonBlocking() != null && nonBlocking(),
                timeout,
                new SocketOptions(sendBufferBytes(), noDelay(), keepAlive()));
    }
}
