package io.sendgate.core;

import io.sendgate.core.port.Failure;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.IoStart;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * One socket's accepted operations of one direction, in the order they were accepted (C7, C42): its sends,
 * or its receives, each direction independent of the other. The head is the only one the driver holds;
 * the next starts when the head ends, so the bytes of two sends never interleave and receives complete
 * in posting order. Completions are reported to the log in submission order (C18), also when a cancel, a
 * close or a timeout ends queued operations before the started head: those wait to be reported until it
 * has been. Used only under the socket's lock, except {@link #headEnded}, which takes it.
 */
final class OperationQueue {
    /** What a driver's completion is reported to: the socket, which takes its lock first. */
    interface Owner {
        void headEnded(Operation op, long bytes, Failure failure);

        /** The start delay of {@code op}, at the head of the queue, is over; takes the socket's lock. */
        void delayOver(Operation op);
    }

    /** Where a start delay is waited (the service's timer: no thread sleeps); returns what cancels it. */
    interface StartTimer {
        Runnable schedule(java.time.Duration delay, Runnable action);
    }

    private static final int INITIAL_SLOTS = 2;

    private final OperationKind kind;
    private final NativeSocket nat;
    private final SocketCondition condition;
    private final CompletionLog log;
    private final Clock clock;
    private final Owner owner;
    private final OperationObserver observer;
    // Sized for the usual one operation at a time, and grown when more queue: with the default 16 slots each,
    // these arrays were the largest part of a socket's heap (350 of the 2,600 bytes of one with a pending send).
    private final ArrayDeque<Operation> queue = new ArrayDeque<>(INITIAL_SLOTS);
    /** Overlapped operations not yet reported to the log, in submission order. */
    private final ArrayDeque<Operation> unreported = new ArrayDeque<>(INITIAL_SLOTS);
    private boolean headStarted;
    /** The head, not started, while its start delay runs (a batch's delayMs); null otherwise. */
    private Operation waiting;
    private Runnable cancelWait;
    private Runnable whenDrained;

    OperationQueue(OperationKind kind, NativeSocket nat, SocketCondition condition, CompletionLog log, Clock clock, Owner owner,
                   OperationObserver observer) {
        this.observer = observer;
        this.kind = kind;
        this.nat = nat;
        this.condition = condition;
        this.log = log;
        this.clock = clock;
        this.owner = owner;
    }

    int size() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Bytes the started head has moved so far. */
    long headProgress() {
        return headStarted ? kind.progress(nat, queue.peekFirst()) : 0;
    }

    /**
     * Accepts an operation: starts it at once when nothing is queued (the answer may then be COMPLETED), or
     * queues it behind the others (PENDING).
     *
     * @throws WsaException when it was started and failed at once; then it was not accepted (C14), unless
     *                      the failure came with bytes the caller must have (a truncated datagram, C43)
     */
    void submit(Operation op) {
        if (!queue.isEmpty()) {
            accept(op);
            queue.addLast(op);
            return;
        }
        if (!op.startDelay().isZero()) {
            accept(op);
            queue.addLast(op);
            waitsFirst(op);
            return;
        }
        IoStart start = start(op);
        switch (start.outcome()) {
            case COMPLETED -> {
                accept(op);
                end(op, OperationStatus.COMPLETED, start.bytesTransferred(), null);
            }
            case PENDING -> {
                accept(op);
                queue.addLast(op);
                headStarted = true;
            }
            default -> {
                if (!kind.endsWithBytes(start.failure())) {
                    throw condition.failedNow(kind, start.failure(), start.bytesTransferred());
                }
                accept(op);
                end(op, OperationStatus.FAILED, start.bytesTransferred(), start.failure());
            }
        }
    }

    /**
     * Accepts a batch (issue: sends at the speed of the wire) as one: every operation joins the queue, in order,
     * before any other caller's can, so none comes between them, delays included.
     *
     * @throws WsaException when the first started at once and failed; then none was accepted (C14)
     */
    void submitAll(List<Operation> ops) {
        boolean idle = queue.isEmpty();
        int from = 0;
        if (idle) {
            submit(ops.get(0));
            from = 1;
        }
        for (int i = from; i < ops.size(); i++) {
            accept(ops.get(i));
            queue.addLast(ops.get(i));
        }
        if (idle && !headStarted && waiting == null) {
            startNext();
        }
    }

    /** Whether {@code head} must wait its start delay first; then the timer is set, once. */
    private boolean waitsFirst(Operation head) {
        if (waiting == head) {
            return true;
        }
        if (head.startDelay().isZero()) {
            return false;
        }
        waiting = head;
        cancelWait = head.startTimer().schedule(head.startDelay(), () -> owner.delayOver(head));
        return true;
    }

    /** The start delay of {@code op} is over: it starts now, if it is still the head (a close may have ended it). */
    void delayOver(Operation op) {
        if (waiting != op) {
            return;
        }
        waiting = null;
        cancelWait = null;
        op.delayWaited();
        if (queue.peekFirst() == op && op.isPending()) {
            startNext();
        }
    }

    private void stopWaiting() {
        if (waiting != null) {
            Runnable cancel = cancelWait;
            waiting = null;
            cancelWait = null;
            if (cancel != null) {
                cancel.run();
            }
        }
    }

    private void accept(Operation op) {
        condition.accepted(kind);
        observer.accepted(kind);
        if (op.overlapped()) {
            log.register(op);
            unreported.addLast(op);
        }
    }

    /** The driver's report that the started head ended: for a streamed send, that its chunk at the driver did. */
    void headEnded(Operation op, long bytes, Failure failure) {
        if (queue.peekFirst() != op) {
            return;
        }
        StreamedSend stream = op.stream();
        if (stream != null) {
            IoStart next = stream.chunkEnded(nat, bytes, failure, condition.closed());
            if (next.outcome() == IoStart.Outcome.PENDING) {
                return;
            }
            bytes = next.bytesTransferred();
            failure = next.failure();
        }
        ended(op, bytes, failure);
    }

    /**
     * A streamed send's body moved (issue #10): a chunk arrived, or the body ended, whole or cut short. Started, its
     * chunks go out and it may end; still queued, a body cut short ends it now, FAILED with none of its bytes sent,
     * so that it does not wait for the sends before it only to fail.
     */
    void streamMoved(Operation op) {
        StreamedSend stream = op.stream();
        if (!op.isPending()) {
            return;
        }
        if (queue.peekFirst() == op && headStarted) {
            IoStart next = stream.moved(nat);
            if (next.outcome() != IoStart.Outcome.PENDING) {
                ended(op, next.bytesTransferred(), next.failure());
            }
        } else if (stream.bodyFailure() != null && queue.remove(op)) {
            end(op, OperationStatus.FAILED, 0, stream.bodyFailure());
        }
    }

    /** The started head ended, with these bytes and this failure (null: none). */
    private void ended(Operation op, long bytes, Failure failure) {
        queue.pollFirst();
        headStarted = false;
        boolean stoppedByUs = condition.closed() || failure != null && failure.error() == WsaError.WSA_OPERATION_ABORTED;
        if (kind.succeeded(op, bytes, failure)) {
            end(op, OperationStatus.COMPLETED, bytes, null);
        } else if (stoppedByUs) {
            // A blocking send taken back after its time ran out reports why it was taken back (C12).
            end(op, OperationStatus.ABORTED, bytes, op.abandoned() ? op.abandonReason() : Failure.of(WsaError.WSA_OPERATION_ABORTED));
            afterPartial(op, bytes);
        } else {
            Failure why = failure != null ? failure
                    : new Failure(WsaError.WSASYSCALLFAILURE, "The driver ended the send after " + bytes + " of "
                    + op.totalBytes() + " bytes without a reason");
            end(op, OperationStatus.FAILED, bytes, why);
            // a streamed send whose body timed out: the client's or the send's time, not the connection's
            boolean fromConnection = op.stream() == null || !op.stream().fromBody(why);
            WsaError broken = condition.failed(kind, why.error(), bytes, fromConnection);
            if (broken != null) {
                failAll(new Failure(broken, why.detail()));
            }
        }
        startNext();
    }

    /** SIO_FLUSH (C21): the queued operations that have not started end ABORTED; the started one is left to end. */
    List<Operation> cancelQueued() {
        List<Operation> aborted = new ArrayList<>();
        if (!headStarted) {
            stopWaiting();
        }
        Iterator<Operation> it = queue.iterator();
        if (headStarted && it.hasNext()) {
            it.next();
        }
        while (it.hasNext()) {
            Operation op = it.next();
            it.remove();
            end(op, OperationStatus.ABORTED, 0, Failure.of(WsaError.WSA_OPERATION_ABORTED));
            aborted.add(op);
        }
        if (queue.isEmpty() && whenDrained != null && !condition.closed()) {
            Runnable action = whenDrained;
            whenDrained = null;
            action.run();
        }
        return aborted;
    }

    /**
     * A blocking send whose time ran out (C12): taken back from the queue, or from the driver. When the
     * driver can only stop it later (Winsock cancels through the completion packet) it ends then, as
     * {@code reason} says, unless it completed or failed meanwhile.
     */
    void abandon(Operation op, Failure reason) {
        if (!op.isPending()) {
            return;
        }
        op.abandon(reason);
        if (queue.peekFirst() != op || !headStarted) {
            boolean wasWaiting = waiting == op;
            if (wasWaiting) {
                stopWaiting();
            }
            queue.remove(op);
            end(op, OperationStatus.ABORTED, 0, reason);
            if (wasWaiting) {
                startNext();
            }
            return;
        }
        OptionalLong cancelled = kind.cancel(nat, op);
        if (cancelled.isPresent()) {
            queue.pollFirst();
            headStarted = false;
            end(op, OperationStatus.ABORTED, cancelled.getAsLong(), reason);
            afterPartial(op, cancelled.getAsLong());
            startNext();
        }
    }

    /**
     * closesocket (C22): every pending operation ends ABORTED with the bytes it had sent. The started
     * one keeps its memory until the driver lets go of it: either now, or through its completion.
     */
    void close() {
        if (headStarted) {
            OptionalLong cancelled = kind.cancel(nat, queue.peekFirst());
            if (cancelled.isPresent()) {
                headStarted = false;
                end(queue.pollFirst(), OperationStatus.ABORTED, cancelled.getAsLong(),
                        Failure.of(WsaError.WSA_OPERATION_ABORTED));
            }
        }
        cancelQueued();
    }

    /** Runs {@code action} once every accepted send has ended (deferred SD_SEND, C20). */
    void whenDrained(Runnable action) {
        if (queue.isEmpty()) {
            action.run();
        } else {
            whenDrained = action;
        }
    }

    /**
     * A send stopped part-way (timeout, or failure of a call): the peer saw part of it (C12). A receive
     * stopped part-way keeps what it got, so nothing is lost and the stream stays whole.
     */
    private void afterPartial(Operation op, long bytes) {
        if (kind != OperationKind.SEND || condition.closed() || bytes == 0 || bytes == op.totalBytes()) {
            return;
        }
        Failure why = op.failure();
        WsaError broken = condition.failed(why == null ? WsaError.WSA_OPERATION_ABORTED : why.error(), bytes, false);
        if (broken != null) {
            failAll(new Failure(broken, "The stream is broken: a send stopped after " + bytes + " of its "
                    + op.totalBytes() + " bytes, so no later send may follow it"));
        }
    }

    /** Starts queued sends until one is pending; those that end at once end here, in order. */
    private void startNext() {
        while (!condition.closed() && !queue.isEmpty()) {
            Operation head = queue.peekFirst();
            if (waitsFirst(head)) {
                return;
            }
            IoStart start = start(head);
            if (start.outcome() == IoStart.Outcome.PENDING) {
                headStarted = true;
                return;
            }
            queue.pollFirst();
            if (start.outcome() == IoStart.Outcome.COMPLETED) {
                end(head, OperationStatus.COMPLETED, start.bytesTransferred(), null);
            } else {
                end(head, OperationStatus.FAILED, start.bytesTransferred(), start.failure());
                WsaError broken = condition.failed(kind, start.failure().error(), start.bytesTransferred(), true);
                if (broken != null) {
                    failAll(new Failure(broken, start.failure().detail()));
                }
            }
        }
        if (queue.isEmpty() && whenDrained != null) {
            Runnable action = whenDrained;
            whenDrained = null;
            action.run();
        }
    }

    /** A stream that broke fails every operation queued behind the failing one with the same code (C25). */
    private void failAll(Failure failure) {
        stopWaiting();
        while (!queue.isEmpty()) {
            end(queue.pollFirst(), OperationStatus.FAILED, 0, failure);
        }
    }

    /**
     * Hands one operation to the driver. A driver that throws (a bug, or a native call failing where it
     * should not) fails the operation with a code instead of leaving it unstarted and never ended.
     */
    private IoStart start(Operation op) {
        try {
            return kind.start(nat, op, (bytes, failure) -> owner.headEnded(op, bytes, failure));
        } catch (RuntimeException e) {
            return IoStart.failed(Failure.of(e), 0);
        }
    }

    private void end(Operation op, OperationStatus status, long bytes, Failure failure) {
        if (!op.end(status, bytes, failure, clock.instant())) {
            return;
        }
        condition.ended(kind, status, bytes);
        observer.ended(kind, status, failure == null ? null : failure.error(), bytes);
        while (!unreported.isEmpty() && !unreported.peekFirst().isPending()) {
            log.append(unreported.pollFirst());
        }
    }
}
