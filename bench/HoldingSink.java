import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback peer for many connections: it listens on several loopback addresses and ports (one
 * destination's ephemeral ports would run out near 28,000 connections), accepts and holds every connection
 * without reading until {@link #drain}, then reads and discards everything. One selector thread does it
 * all, so the sink costs no thread per connection, as the service it measures must not either.
 */
final class HoldingSink implements AutoCloseable {
    /**
     * SO_RCVBUF of every accepted connection (the kernel doubles it, and keeps at least its minimum): small,
     * so that the kernel holds little of a held connection's bytes and a small send already stays pending.
     */
    static final int RECEIVE_BUFFER = 2048;

    private final Selector selector;
    private final List<InetSocketAddress> endpoints = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Selector thread only: every connection accepted and not closed, held or being read. */
    private final List<SelectionKey> connections = new ArrayList<>();
    private final ByteBuffer discard = ByteBuffer.allocateDirect(1 << 18);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile long lastByteAt;
    private volatile String acceptFailure;
    /** Selector thread only: whether connections are read (after drain) or held (before). */
    private boolean draining;
    private volatile boolean open = true;
    private final Thread thread;

    HoldingSink(int addresses, int portsPerAddress) throws IOException {
        selector = Selector.open();
        for (int a = 1; a <= addresses; a++) {
            for (int p = 0; p < portsPerAddress; p++) {
                ServerSocketChannel server = ServerSocketChannel.open();
                // set on the listener, so that every accepted connection has it from its handshake on
                server.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
                server.bind(new InetSocketAddress("127.0.0." + a, 0), 4096);
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                endpoints.add((InetSocketAddress) server.getLocalAddress());
            }
        }
        thread = new Thread(this::run, "holding-sink");
        thread.setDaemon(true);
        thread.start();
    }

    List<InetSocketAddress> endpoints() {
        return endpoints;
    }

    long accepted() {
        return accepted.get();
    }

    long received() {
        return received.get();
    }

    /** Why the sink last failed to accept (its own file limit, say), or null. */
    String acceptFailure() {
        return acceptFailure;
    }

    /** Starts reading every held connection, and every one accepted from now on. */
    void drain() {
        onSelectorThread(() -> {
            draining = true;
            for (SelectionKey k : connections) {
                k.interestOps(SelectionKey.OP_READ);
            }
        });
    }

    /** Closes every accepted connection, and holds the next ones again, with the counters back at zero. */
    void closeAccepted() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onSelectorThread(() -> {
            for (SelectionKey k : connections) {
                closeQuietly(k);
            }
            connections.clear();
            draining = false;
            accepted.set(0);
            received.set(0);
            done.complete(null);
        });
        done.get(60, TimeUnit.SECONDS);
    }

    /**
     * Waits until the connections gave {@code total} bytes, at most {@code timeoutMs}.
     *
     * @return when the last byte arrived ({@link System#nanoTime}), or -1 when they did not all arrive in time
     */
    long awaitReceived(long total, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (received.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return received.get() >= total ? lastByteAt : -1;
    }

    /** Waits until {@code count} connections were accepted, at most {@code timeoutMs}; returns how many were. */
    long awaitAccepted(long count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (accepted.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return accepted.get();
    }

    private void onSelectorThread(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        try {
            while (open) {
                selector.select(1000);
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    t.run();
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        accept((ServerSocketChannel) k.channel());
                    } else if (k.isReadable()) {
                        read(k);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            acceptFailure = "the sink's selector failed: " + e;
        }
    }

    private void accept(ServerSocketChannel server) {
        // bounded, so reads are not starved while connections keep arriving
        for (int i = 0; i < 256; i++) {
            try {
                SocketChannel c = server.accept();
                if (c == null) {
                    return;
                }
                c.configureBlocking(false);
                connections.add(c.register(selector, draining ? SelectionKey.OP_READ : 0));
                accepted.incrementAndGet();
            } catch (IOException e) {
                // EMFILE leaves the connection in the backlog, ready again at once: note it and let go for now
                acceptFailure = e.toString();
                return;
            }
        }
    }

    private void read(SelectionKey k) {
        SocketChannel c = (SocketChannel) k.channel();
        try {
            for (int i = 0; i < 16; i++) {
                int n = c.read(discard.clear());
                if (n > 0) {
                    received.addAndGet(n);
                    lastByteAt = System.nanoTime();
                } else {
                    if (n < 0) {
                        k.interestOps(0);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            k.interestOps(0);
        }
    }

    private static void closeQuietly(SelectionKey k) {
        try {
            k.channel().close();
        } catch (IOException ignored) {
            // closing a connection the peer reset already
        }
    }

    @Override
    public void close() throws Exception {
        closeAccepted();
        open = false;
        selector.wakeup();
        thread.join(5_000);
        for (SelectionKey k : selector.keys()) {
            closeQuietly(k);
        }
        selector.close();
    }
}
