package io.sendgate.core.port;

import java.util.OptionalLong;
import java.util.Set;

/**
 * One native socket of the pool. The core calls these methods for one socket one at a time (under
 * that socket's lock) and starts at most one send and one receive on it at a time; the driver's completion thread
 * is the only other caller into the driver's state for this socket.
 */
public interface NativeSocket {
    SocketKind kind();

    Endpoint local();

    /** The connected peer, or null for a socket that was never connected. */
    Endpoint remote();

    /** The options as the system reports them after they were set. */
    SocketOptions effectiveOptions();

    /**
     * Sets options on a socket that already exists (one a listener accepted before anyone asked for it);
     * {@link #effectiveOptions()} then reports them.
     */
    void configure(SocketOptions options);

    /** SO_MAX_MSG_SIZE: the largest datagram; null for stream sockets, where it has no meaning. */
    Integer maxMessageSize();

    /**
     * Starts an overlapped send of every byte of {@code payload}. When the answer is PENDING the driver
     * owns the payload's memory until it calls {@code completion} exactly once.
     */
    IoStart startSend(Payload payload, Set<SendFlag> flags, IoCompletion completion);

    /**
     * Bytes the pending send has handed to the transport so far, or 0 when none is pending or the
     * platform tells only at completion (Winsock's overlapped sends).
     */
    long progress();

    /**
     * A non-blocking send (FIONBIO): takes what fits now and returns that count, which may be below the
     * total; throws {@code WsaException(WSAEWOULDBLOCK)} when nothing fits.
     */
    long sendNow(Payload payload, Set<SendFlag> flags);

    /**
     * Cancels the pending send, if any. Present: it was stopped here and then, after that many bytes,
     * and its completion will not be called. Empty: its completion is (or will be) on its way.
     */
    OptionalLong cancelSend();

    /**
     * Starts an overlapped receive into {@code buffers} (WSARecv with a WSABUF per buffer). On a stream it
     * completes with the bytes that were there (every buffer full with MSG_WAITALL, unless the stream
     * ended or failed first), 0 at the peer's graceful close; on a datagram socket with one datagram,
     * truncated to the buffers with WSAEMSGSIZE. When the answer is PENDING the driver owns the buffers
     * until it calls {@code completion} exactly once. The core starts at most one receive at a time on a
     * socket, independently of its sends.
     */
    IoStart startReceive(Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion);

    /**
     * A non-blocking receive (FIONBIO): what is there now, as {@link #startReceive} would complete with it,
     * or FAILED with WSAEWOULDBLOCK when nothing is; never PENDING.
     */
    IoStart receiveNow(Payload buffers, Set<ReceiveFlag> flags);

    /**
     * Bytes the pending receive has put in its buffers so far (a MSG_WAITALL receive filling up), or 0 when
     * none is pending or the platform tells only at completion.
     */
    long receiveProgress();

    /** As {@link #cancelSend}, for the pending receive. */
    OptionalLong cancelReceive();

    void shutdown(ShutdownHow how);

    /** closesocket: cancels what is pending (as {@link #cancelSend} and {@link #cancelReceive}) and releases the descriptor. */
    void close();

    /**
     * closesocket with SO_LINGER {1, 0}: the peer gets a reset instead of a FIN. For connections the
     * service must refuse (C40).
     */
    void abort();
}
