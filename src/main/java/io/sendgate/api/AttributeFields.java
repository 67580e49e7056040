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

    Long receiveTimeoutMs();

    Boolean capture();

    Integer sendBufferBytes();

    Boolean noDelay();

    Boolean keepAlive();

    default SocketAttributes toAttributes() {
        if (sendBufferBytes() != null && sendBufferBytes() < 0) {
            throw new WsaException(WsaError.WSAEINVAL, "sendBufferBytes must be 0 or more");
        }
        return new SocketAttributes(
                overlapped() == null || overlapped(),
                nonBlocking() != null && nonBlocking(),
                timeout(sendTimeoutMs(), "sendTimeoutMs"),
                timeout(receiveTimeoutMs(), "receiveTimeoutMs"),
                capture() != null && capture(),
                new SocketOptions(sendBufferBytes(), noDelay(), keepAlive()));
    }

    /** SO_SNDTIMEO and SO_RCVTIMEO as Winsock takes them: 0 (or none) waits for ever. */
    private static Duration timeout(Long ms, String name) {
        if (ms != null && ms < 0) {
            throw new WsaException(WsaError.WSAEINVAL, name + " must be 0 or more (0: no timeout)");
        }
        return ms == null || ms == 0 ? null : Duration.ofMillis(ms);
    }
}
