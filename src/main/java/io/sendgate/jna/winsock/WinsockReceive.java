package io.sendgate.jna.winsock;

import com.sun.jna.Pointer;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.Payload;
import io.sendgate.core.port.ReceiveFlag;

import java.util.Set;

/**
 * One WSARecv into the payload's buffers. Its lpFlags lives in the operation's block, since WSARecv writes the
 * result flags back there when the operation completes, which may be after the call returned. Those result
 * flags are never reported: MSG_PARTIAL has no meaning for UDP (a datagram is whole or truncated, and
 * truncation is reported as WSAEMSGSIZE), and the port has no place for the others.
 */
final class WinsockReceive extends OverlappedIo {
    WinsockReceive(WinsockSocket socket, Payload buffers, Set<ReceiveFlag> flags, IoCompletion completion) {
        super(socket, buffers, completion);
        flags().setInt(0, WinsockFlags.ofReceive(flags));
    }

    @Override
    int issue(long s, Pointer transferred, boolean overlapped) {
        return Ws2Direct.WSARecv(s, buffers(), count(), transferred, flags(), overlapped ? overlapped() : null, null);
    }

    @Override
    String call() {
        return "WSARecv";
    }

    /**
     * Returned 0: the count was not asked for (lpNumberOfBytesRecvd is NULL with an overlapped call, as the
     * reference advises), so it is read from the completed OVERLAPPED, which WSAGetOverlappedResult does without
     * waiting; that answers 200 COMPLETED at once as a send does, rather than 202 for data already there.
     * WSAEMSGSIZE at once: the system still queues a packet (the status is the warning STATUS_BUFFER_OVERFLOW,
     * seen under Wine's ws2_32 and how Windows' I/O manager treats warnings), so the block waits for it.
     */
    @Override
    IoStart answeredAtOnce(int error) {
        if (error == 0) {
            OverlappedResult result = socket().resultOf(this);
            if (result.error() == Ws2_32.WSA_IO_INCOMPLETE) {
                // not completed after all: the packet will say how it ended
                return IoStart.pending();
            }
            Failure failure = outcome(result.error(), result.bytes());
            return failure == null ? IoStart.completed(result.bytes()) : IoStart.failed(failure, result.bytes());
        }
        return error == Ws2_32.WSAEMSGSIZE ? failedNow(error) : null;
    }

    /**
     * A call that answered at once with {@code error} and gives no count: a truncated datagram filled every
     * buffer, so the bytes that fit are all of them; any other failure took none.
     */
    IoStart failedNow(int error) {
        long bytes = error == Ws2_32.WSAEMSGSIZE ? payload().totalBytes() : 0;
        return IoStart.failed(outcome(error, bytes), bytes);
    }

    @Override
    Failure outcome(int error, long bytes) {
        if (error == 0) {
            return null;
        }
        return error == Ws2_32.WSAEMSGSIZE ? truncated(bytes) : socket().describedFailure(call(), error);
    }

    /** Only what the status itself says: succeeded, truncated, or else ended by the close. */
    @Override
    Failure outcomeAfterClose(long bytes) {
        return switch (status()) {
            case Kernel32.STATUS_SUCCESS -> null;
            case Kernel32.STATUS_BUFFER_OVERFLOW -> truncated(bytes);
            default -> Failure.of(WsaError.WSA_OPERATION_ABORTED);
        };
    }

    private static Failure truncated(long bytes) {
        return new Failure(WsaError.WSAEMSGSIZE, "The datagram was longer than the receive's " + bytes
                + " bytes of buffers; the rest of it is lost");
    }
}
