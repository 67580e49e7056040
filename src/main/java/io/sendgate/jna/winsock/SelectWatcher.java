package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one thread that waits, with select(), for listeners to have a connection and for connects to
 * finish, so no caller's thread ever does (C38). Each watch fires once. Winsock's {@code fd_set} is
 * {@code { u_int fd_count; SOCKET fd_array[]; }} (the array at 8 on x64) and select reads fd_count
 * entries, so the sets are sized to what is watched; select wakes every {@link #SLICE_MS} to take new
 * watches in.
 */
final class SelectWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectWatcher.class);
    static final int SLICE_MS = 50;

    private record Watch(long socket, boolean write, Runnable ready) {
    }

    private final Ws2_32 ws2;
    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean stopped;

    SelectWatcher(Ws2_32 ws2) {
        this.ws2 = ws2;
        this.thread = new Thread(this::run, "sendgate-select");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Calls {@code ready} once, on this thread, when {@code socket} is readable (a listener: a connection
     * waits) or, with {@code write}, writable or failed (a connect ended).
     *
     * @return false when the watcher has stopped: nothing would ever call back
     */
    boolean watch(long socket, boolean write, Runnable ready) {
        Watch w = new Watch(socket, write, ready);
        watches.put(socket, w);
        // added after the stopping thread took its last look: nothing would ever call it
        return !(stopped && watches.remove(socket, w));
    }

    /** Forgets the watch on a socket about to be closed. */
    void forget(long socket) {
        watches.remove(socket);
    }

    boolean isAlive() {
        return thread.isAlive() && !stopped;
    }

    private void run() {
        int failures = 0;
        try (Memory tv = new Memory(8)) {
            tv.setInt(0, 0);
            tv.setInt(4, SLICE_MS * 1000);
            while (running) {
                List<Watch> now = new ArrayList<>(watches.values());
                if (now.isEmpty()) {
                    Thread.sleep(SLICE_MS);
                    continue;
                }
                try (Memory reads = set(now, false); Memory writes = set(now, true); Memory errors = set(now, true)) {
                    int n = ws2.select(0, reads, writes, errors, tv);
                    if (n < 0) {
                        int error = Native.getLastError();
                        // A socket closed between the snapshot and select (it was forgotten first, so the next
                        // snapshot leaves it out); anything else, or the same again and again, lets every
                        // watcher look for itself.
                        if (error != Ws2_32.WSAENOTSOCK || ++failures > 3) {
                            LOG.debug("select failed with error({})", error);
                            now.forEach(this::fire);
                            failures = 0;
                        }
                        Thread.sleep(SLICE_MS);
                        continue;
                    }
                    failures = 0;
                    if (n > 0) {
                        fireReady(now, reads, false);
                        fireReady(now, writes, true);
                        fireReady(now, errors, true);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("The select thread failed and stops", e);
        } finally {
            stopped = true;
            // Whatever still waits must hear now rather than never.
            new ArrayList<>(watches.values()).forEach(this::fire);
        }
    }

    /**
     * An fd_set of the watches of one kind (reads: listeners; writes and errors: connects); null when
     * there is none, as select wants every set it is given to hold a socket.
     */
    private static Memory set(List<Watch> now, boolean write) {
        List<Watch> chosen = now.stream().filter(w -> w.write() == write).toList();
        if (chosen.isEmpty()) {
            return null;
        }
        Memory set = new Memory(8 + 8L * chosen.size());
        set.setInt(0, chosen.size());
        set.setInt(4, 0);
        for (int i = 0; i < chosen.size(); i++) {
            set.setLong(8 + 8L * i, chosen.get(i).socket());
        }
        return set;
    }

    /**
     * Calls the watches of the snapshot that select found ready in {@code set}; only of the set's kind, so a
     * handle closed and reused meanwhile for the other kind is not called for readiness that was not its own.
     */
    private void fireReady(List<Watch> now, Memory set, boolean write) {
        if (set == null) {
            return;
        }
        int count = set.getInt(0);
        for (int i = 0; i < count; i++) {
            long socket = set.getLong(8 + 8L * i);
            for (Watch w : now) {
                if (w.socket() == socket && w.write() == write) {
                    fire(w);
                }
            }
        }
    }

    private void fire(Watch w) {
        if (!watches.remove(w.socket(), w)) {
            return;
        }
        try {
            w.ready().run();
        } catch (RuntimeException e) {
            LOG.error("A select callback failed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
