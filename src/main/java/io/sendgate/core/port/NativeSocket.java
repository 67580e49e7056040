package io.sendgate.core.port;

import java.util.OptionalLong;
import java.util.Set;

/**
 * One native socket of the pool. The core calls these methods for one socket one at a time (under
 * that socket's lock) and starts at most one send on it at a time; the driver's completion thread
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
    SendStart startSend(Payload payload, Set<SendFlag> flags, SendCompletion completion);

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

    void shutdown(ShutdownHow how);

    /** closesocket: cancels what is pending (as {@link #cancelSend}) and releases the descriptor. */
    void close();

    /**
     * closesocket with SO_LINGER {1, 0}: the peer gets a reset instead of a FIN. For connections the
     * service must refuse (C40).
     */
    void abort();
}
