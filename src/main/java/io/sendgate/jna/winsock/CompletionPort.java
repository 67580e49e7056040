package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one I/O completion port of the driver and the one thread that drains it with
 * GetQueuedCompletionStatusEx. Every overlapped WSASend is registered here before it is issued (its
 * packet may be dequeued before WSASend even returns) and leaves when its packet arrives.
 */
final class CompletionPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionPort.class);
    private static final Pointer INVALID_HANDLE_VALUE = new Pointer(-1L);
    private static final int BATCH = 64;

    private final Kernel32 kernel32;
    private final Pointer port;
    private final Map<Long, WinsockSend> inFlight = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean stopped;

    CompletionPort(Kernel32 kernel32) {
        this.kernel32 = kernel32;
        this.port = kernel32.CreateIoCompletionPort(INVALID_HANDLE_VALUE, null, 0, 1);
        if (port == null) {
            throw new IllegalStateException("CreateIoCompletionPort failed with error(" + com.sun.jna.Native.getLastError() + ")");
        }
        this.thread = new Thread(this::run, "sendgate-iocp");
        thread.setDaemon(true);
        thread.start();
    }

    void associate(long socket, long key) {
        if (kernel32.CreateIoCompletionPort(new Pointer(socket), port, key, 0) == null) {
            throw new IllegalStateException("CreateIoCompletionPort(socket) failed with error("
                    + com.sun.jna.Native.getLastError() + ")");
        }
    }

    void expect(WinsockSend send) {
        inFlight.put(send.overlappedAddress(), send);
    }

    /** WSASend failed at once: no packet will come for it. */
    void forget(WinsockSend send) {
        inFlight.remove(send.overlappedAddress());
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
            drain(entries, removed);
        } catch (RuntimeException | Error e) {
            LOG.error("The completion thread failed and stops", e);
        } finally {
            stopped = true;
            entries.close();
            removed.close();
            if (running) {
                // Nothing will read the port again: every send still in flight ends now instead of never.
                for (WinsockSend send : inFlight.values()) {
                    try {
                        send.socket().onPortStopped(send);
                    } catch (RuntimeException | Error e) {
                        LOG.error("Ending a send after the completion thread stopped failed", e);
                    }
                }
                inFlight.clear();
            }
        }
    }

    private void drain(Memory entries, Memory removed) {
        while (running) {
            if (!Kernel32Direct.GetQueuedCompletionStatusEx(port, entries, BATCH, removed, Kernel32.INFINITE, false)) {
                continue;
            }
            int n = removed.getInt(0);
            for (int i = 0; i < n; i++) {
                long at = (long) i * OverlappedEntry.SIZE;
                Pointer overlapped = entries.getPointer(at + OverlappedEntry.OVERLAPPED);
                if (overlapped == null) {
                    continue;
                }
                WinsockSend send = inFlight.remove(Pointer.nativeValue(overlapped));
                if (send == null) {
                    continue;
                }
                try {
                    send.socket().onPacket(send, entries.getInt(at + OverlappedEntry.BYTES) & 0xFFFFFFFFL);
                } catch (RuntimeException | Error e) {
                    LOG.error("Completing a send failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        kernel32.PostQueuedCompletionStatus(port, 0, 0, null);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kernel32.CloseHandle(port);
    }
}
