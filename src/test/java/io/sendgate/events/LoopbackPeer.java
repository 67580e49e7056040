package io.sendgate.events;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The far end of the service's sockets in tests: a listener on loopback that accepts every connection
 * and drains it, counting bytes. Started paused, it accepts but reads nothing until {@link #drain()}, and
 * its small receive buffer then fills at once, so that sends go pending.
 */
final class LoopbackPeer implements AutoCloseable {
    private final ServerSocket server;
    private final CountDownLatch draining = new CountDownLatch(1);
    private final AtomicLong received = new AtomicLong();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private LoopbackPeer(boolean paused) throws IOException {
        server = new ServerSocket();
        if (paused) {
            server.setReceiveBufferSize(4096);
        } else {
            draining.countDown();
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptAll, "peer-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static LoopbackPeer draining() throws IOException {
        return new LoopbackPeer(false);
    }

    static LoopbackPeer paused() throws IOException {
        return new LoopbackPeer(true);
    }

    int port() {
        return server.getLocalPort();
    }

    void drain() {
        draining.countDown();
    }

    long received() {
        return received.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread reader = new Thread(() -> read(s), "peer-read-" + s.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(Socket s) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = s.getInputStream()) {
            draining.await();
            for (int n; (n = in.read(buf)) >= 0; ) {
                received.addAndGet(n);
            }
        } catch (IOException | InterruptedException ended) {
            // the test closed the peer, or the service closed the socket
        }
    }

    @Override
    public void close() throws IOException {
        draining.countDown();
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
