package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.sendgate.core.WsaError;
import io.sendgate.core.port.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one I/O completion port of the driver and the one thread that drains it with
 * GetQueuedCompletionStatusEx. Every overlapped WSASend and WSARecv is registered here, by the address of its
 * own OVERLAPPED, before it is issued (its packet may be dequeued before the call even returns) and leaves when
 * its packet arrives; a packet names its OVERLAPPED, so a socket's pending send and receive never meet. The
 * thread ends only when the driver closes, and then first drains the packets of the operations still in
 * flight: an operation's OVERLAPPED and buffers must live until the system has posted its packet.
 */
final class CompletionPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionPort.class);
    private static final Pointer INVALID_HANDLE_VALUE = new Pointer(-1L);
    private static final int BATCH = 64;
    private static final int DRAIN_SLICE_MS = 100;
    private static final long DRAIN_MS = 5_000;
    /**
     * Operations whose packet never came while the thread drained: held here for the life of the process,
     * since the system may still write their OVERLAPPED; a deliberate leak, and only in that case.
     */
    private static final Queue<OverlappedIo> ABANDONED = new ConcurrentLinkedQueue<>();

    private final Kernel32 kernel32;
    private final Pointer port;
    private final Map<Long, OverlappedIo> inFlight = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    CompletionPort(Kernel32 kernel32) {
        this.kernel32 = kernel32;
        this.port = kernel32.CreateIoCompletionPort(INVALID_HANDLE_VALUE, null, 0, 1);
        if (port == null) {
            throw new IllegalStateException("CreateIoCompletionPort failed with error(" + Native.getLastError() + ")");
        }
        this.thread = new Thread(this::run, "sendgate-iocp");
        thread.setDaemon(true);
        thread.start();
    }

    void associate(long socket, long key) {
        if (kernel32.CreateIoCompletionPort(new Pointer(socket), port, key, 0) == null) {
            throw new IllegalStateException("CreateIoCompletionPort(socket) failed with error(" + Native.getLastError() + ")");
        }
    }

    /**
     * Registers an operation about to be issued.
     *
     * @return false when the port no longer drains: the operation must not be issued
     */
    boolean expect(OverlappedIo io) {
        inFlight.put(io.overlappedAddress(), io);
        return !(stopped && inFlight.remove(io.overlappedAddress(), io));
    }

    /** The call failed at once without starting: no packet will come for it. */
    void forget(OverlappedIo io) {
        inFlight.remove(io.overlappedAddress());
    }

    int inFlight() {
        return inFlight.size();
    }

    boolean isAlive() {
        return thread.isAlive() && !stopped;
    }

    private void run() {
        Memory entries = new Memory((long) BATCH * OverlappedEntry.SIZE);
        Memory removed = new Memory(4);
        try {
            while (running) {
                try {
                    drainOnce(entries, removed, Kernel32.INFINITE);
                } catch (RuntimeException e) {
                    // a packet that cannot be handled must not end the thread: every later operation would hang
                    LOG.error("Handling a completion packet failed", e);
                }
            }
            long deadline = System.nanoTime() + DRAIN_MS * 1_000_000;
            while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                drainOnce(entries, removed, DRAIN_SLICE_MS);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The completion thread failed and stops", e);
        } finally {
            stopped = true;
            abandonInFlight(running
                    ? new Failure(WsaError.WSAENETDOWN, "The driver's completion thread stopped")
                    : Failure.of(WsaError.WSA_OPERATION_ABORTED));
            entries.close();
            removed.close();
        }
    }

    /** Dequeues what is there (waiting up to {@code waitMs}) and hands each packet to its operation's socket. */
    private void drainOnce(Memory entries, Memory removed, int waitMs) {
        if (!Kernel32Direct.GetQueuedCompletionStatusEx(port, entries, BATCH, removed, waitMs, false)) {
            int error = Native.getLastError();
            if (error == Kernel32.ERROR_ABANDONED_WAIT_0) {
                running = false;
            } else if (error != Kernel32.WAIT_TIMEOUT) {
                LOG.error("GetQueuedCompletionStatusEx failed with error({})", error);
                sleepQuietly();
            }
            return;
        }
        int n = removed.getInt(0);
        for (int i = 0; i < n; i++) {
            long at = (long) i * OverlappedEntry.SIZE;
            Pointer overlapped = entries.getPointer(at + OverlappedEntry.OVERLAPPED);
            if (overlapped == null) {
                continue;
            }
            OverlappedIo io = inFlight.remove(Pointer.nativeValue(overlapped));
            if (io == null) {
                continue;
            }
            try {
                io.socket().onPacket(io, entries.getInt(at + OverlappedEntry.BYTES) & 0xFFFFFFFFL);
            } catch (RuntimeException | Error e) {
                LOG.error("Completing a {} failed", io.call(), e);
            }
        }
    }

    /**
     * No packet will be read again: each operation still in flight is cancelled, kept reachable for good (its
     * OVERLAPPED may still be written), and reported once with {@code failure}.
     */
    private void abandonInFlight(Failure failure) {
        for (Long key : List.copyOf(inFlight.keySet())) {
            OverlappedIo io = inFlight.remove(key);
            if (io == null) {
                continue;
            }
            ABANDONED.add(io);
            LOG.error("A {} completion packet never came; its native memory is kept for the life of the process", io.call());
            try {
                io.socket().onPortStopped(io, failure);
            } catch (RuntimeException | Error e) {
                LOG.error("Ending a {} after the completion thread stopped failed", io.call(), e);
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        kernel32.PostQueuedCompletionStatus(port, 0, 0, null);
        try {
            thread.join(DRAIN_MS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kernel32.CloseHandle(port);
    }
}
