package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.IoCompletion;
import io.sendgate.core.port.IoStart;
import io.sendgate.core.port.NativeSocket;

import java.util.OptionalLong;

/**
 * Which direction an operation moves bytes (C41: one operation model with a {@code kind}), and what differs
 * between the two where the queue and the socket's condition handle both alike.
 */
public enum OperationKind {
    SEND {
        @Override
        IoStart start(NativeSocket nat, Operation op, IoCompletion completion) {
            StreamedSend stream = op.stream();
            return stream != null ? stream.start(nat, completion) : nat.startSend(op.payload(), op.sendFlags(), completion);
        }

        @Override
        OptionalLong cancel(NativeSocket nat, Operation head) {
            StreamedSend stream = head.stream();
            return stream != null ? stream.cancel(nat) : nat.cancelSend();
        }

        @Override
        long progress(NativeSocket nat, Operation head) {
            StreamedSend stream = head.stream();
            return stream != null ? stream.progress(nat) : nat.progress();
        }

        @Override
        boolean succeeded(Operation op, long bytes, Failure failure) {
            return failure == null && bytes == op.totalBytes();
        }
    },
    RECEIVE {
        @Override
        IoStart start(NativeSocket nat, Operation op, IoCompletion completion) {
            return nat.startReceive(op.payload(), op.receiveFlags(), completion);
        }

        @Override
        OptionalLong cancel(NativeSocket nat, Operation head) {
            return nat.cancelReceive();
        }

        @Override
        long progress(NativeSocket nat, Operation head) {
            return nat.receiveProgress();
        }

        /** A receive completes with whatever filled its buffers, 0 bytes at the peer's graceful close (C42). */
        @Override
        boolean succeeded(Operation op, long bytes, Failure failure) {
            return failure == null;
        }

        /**
         * A datagram truncated at once (C43) is an operation with bytes, not a refusal: Winsock even queues
         * a completion packet for it.
         */
        @Override
        boolean endsWithBytes(Failure failure) {
            return failure.error() == WsaError.WSAEMSGSIZE;
        }
    };

    abstract IoStart start(NativeSocket nat, Operation op, IoCompletion completion);

    /** Stops the started {@code head}: present, it stopped now after that many bytes; empty, its completion follows. */
    abstract OptionalLong cancel(NativeSocket nat, Operation head);

    /** Bytes the started {@code head} has moved so far. */
    abstract long progress(NativeSocket nat, Operation head);

    /** Whether an end with these bytes and this failure (null: none) is COMPLETED rather than FAILED. */
    abstract boolean succeeded(Operation op, long bytes, Failure failure);

    /** Whether a start that failed at once still makes an operation, ended with its bytes (else it is refused, C14). */
    boolean endsWithBytes(Failure failure) {
        return false;
    }
}
