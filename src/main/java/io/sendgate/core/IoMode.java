package io.sendgate.core;

/** How one send behaves (C11-C13), from the socket's attributes and the request. */
public enum IoMode {
    OVERLAPPED,
    BLOCKING,
    NON_BLOCKING;

    /**
     * @param requested the request's {@code overlapped}, or null to follow the socket
     */
    static IoMode of(SocketAttributes socket, Boolean requested) {
        boolean overlapped = requested != null ? requested : socket.overlapped();
        if (overlapped && !socket.overlapped()) {
            throw new WsaException(WsaError.WSAEINVAL,
                    "This socket was opened with overlapped=false, so a send or receive on it cannot be overlapped");
        }
        if (overlapped) {
            return OVERLAPPED;
        }
        return socket.nonBlocking() ? NON_BLOCKING : BLOCKING;
    }
}
