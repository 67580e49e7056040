package io.sendgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A real TCP peer on loopback that records every byte it reads. It can hold off reading so the
 * service's sends fill the socket buffers, read again to drain them, and reset the connection.
 */
public final class TcpPeer implements AutoCloseable {
    /** Small enough that a send of a few hundred KiB cannot finish while the peer does not read. */
    public static final int SMALL_BUFFER = 4096;

    private final ServerSocket server;
    private final boolean oobInline;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile Socket connection;
    private volatile boolean reading;
    private volatile boolean eof;
    private Thread reader;

    private TcpPeer(boolean oobInline) throws IOException {
        server = new ServerSocket();
        server.setReceiveBufferSize(SMALL_BUFFER);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.oobInline = oobInline;
    }

    public static TcpPeer listening() throws IOException {
        return new TcpPeer(true);
    }

    /** A peer that leaves urgent (MSG_OOB) data out of the normal stream, as Linux does by default. */
    public static TcpPeer listeningOobOutOfLine() throws IOException {
        return new TcpPeer(false);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Accepts the service's connection; reading starts only when {@link #startReading()} is called. */
    public TcpPeer accept() throws IOException {
        server.setSoTimeout(10_000);
        connection = server.accept();
        connection.setOOBInline(oobInline);
        return this;
    }

    public synchronized TcpPeer startReading() {
        if (reader == null) {
            reading = true;
            reader = new Thread(this::readLoop, "tcp-peer-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return this;
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = connection.getInputStream()) {
            int n;
            while (reading && (n = in.read(buf)) >= 0) {
                synchronized (received) {
                    received.write(buf, 0, n);
                    received.notifyAll();
                }
            }
        } catch (IOException closedOrReset) {
            // the test closed or reset the connection
        }
        synchronized (received) {
            eof = true;
            received.notifyAll();
        }
    }

    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /** Waits until {@code count} bytes arrived (or the stream ended, or the wait ran out) and returns them. */
    public byte[] awaitBytes(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count && !eof) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                received.wait(left);
            }
            return received.toByteArray();
        }
    }

    /** Waits for the end of the stream (the service shut down its send side or closed). */
    public boolean awaitEof(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (!eof) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                received.wait(left);
            }
            return true;
        }
    }

    /** Sends bytes to the service's socket. */
    public TcpPeer write(byte[] bytes) throws IOException {
        connection.getOutputStream().write(bytes);
        connection.getOutputStream().flush();
        return this;
    }

    /** The connection's output, for a peer that writes from a thread of its own. */
    public OutputStream output() throws IOException {
        return connection.getOutputStream();
    }

    /** Sends one urgent (MSG_OOB) byte. */
    public TcpPeer writeUrgent(int b) throws IOException {
        connection.sendUrgentData(b);
        return this;
    }

    /** A graceful close of the peer's sending side: the service's receives then end with 0 bytes. */
    public TcpPeer shutdownOutput() throws IOException {
        connection.shutdownOutput();
        return this;
    }

    /** Closes with SO_LINGER 0: the kernel sends RST instead of FIN. */
    public void reset() throws IOException {
        connection.setSoLinger(true, 0);
        connection.close();
    }

    @Override
    public void close() throws IOException {
        reading = false;
        if (connection != null) {
            connection.close();
        }
        server.close();
    }
}
