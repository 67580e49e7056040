package io.sendgate.jna.winsock;

import com.sun.jna.Pointer;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.Payload;

/** One WSASend: every byte of the payload, with the flags translated once. */
final class WinsockSend extends OverlappedIo {
    private final int flags;
    private final long total;

    WinsockSend(WinsockSocket socket, Payload payload, int flags, IoCompletion completion) {
        super(socket, payload, completion);
        this.flags = flags;
        this.total = payload.totalBytes();
    }

    @Override
    int issue(long s, Pointer transferred, boolean overlapped) {
        return Ws2Direct.WSASend(s, buffers(), count(), transferred, flags, overlapped ? overlapped() : null, null);
    }

    @Override
    String call() {
        return "WSASend";
    }

    /** A send that completes at once has taken every byte, so its count needs no second call. */
    @Override
    IoStart answeredAtOnce(int error) {
        return error == 0 ? IoStart.completed(total) : null;
    }

    @Override
    Failure outcome(int error, long bytes) {
        return error == 0 ? null : socket().describedFailure(call(), error);
    }

    @Override
    Failure outcomeAfterClose(long bytes) {
        return status() != 0 || bytes != total ? Failure.of(WsaError.WSA_OPERATION_ABORTED) : null;
    }
}
