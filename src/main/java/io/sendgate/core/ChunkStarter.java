package io.sendgate.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts streamed sends' chunks (issue #10) on a thread of its own, so that a request's thread reads the next part of
 * a body while the part before goes out: the two copies (the container's read, the socket's send) then run at once
 * on two cores, instead of one after the other on the request's thread. One thread for every streamed send: a chunk's
 * start never blocks (the socket is non-blocking, or overlapped); it only takes the time of the copy into the system.
 */
final class ChunkStarter {
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "sendgate-stream");
        t.setDaemon(true);
        return t;
    });

    private ChunkStarter() {
    }

    static void later(Runnable start) {
        THREAD.execute(start);
    }
}
