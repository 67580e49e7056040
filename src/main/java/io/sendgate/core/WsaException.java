package io.sendgate.core;

/**
 * A failure with its Winsock code (C24). Thrown where WSASend would return SOCKET_ERROR with a code
 * other than WSA_IO_PENDING: nothing was started, no completion will follow (C14).
 */
public class WsaException extends RuntimeException {
    private final WsaError error;
    private final String socketId;
    private final Long operationId;
    private final long bytesTransferred;

    public WsaException(WsaError error, String message) {
        this(error, message, null, null, 0);
    }

    public WsaException(WsaError error, String message, String socketId, Long operationId, long bytesTransferred) {
        super(message);
        this.error = error;
        this.socketId = socketId;
        this.operationId = operationId;
        this.bytesTransferred = bytesTransferred;
    }

    public WsaError error() {
        return error;
    }

    public String socketId() {
        return socketId;
    }

    public Long operationId() {
        return operationId;
    }

    /** Bytes the transport took before the failure (blocking sends cut short). */
    public long bytesTransferred() {
        return bytesTransferred;
    }

    /** The same failure, now naming the socket it happened on. */
    public WsaException on(String socketId) {
        if (this.socketId != null) {
            return this;
        }
        WsaException named = new WsaException(error, getMessage(), socketId, operationId, bytesTransferred);
        named.setStackTrace(getStackTrace());
        return named;
    }
}
