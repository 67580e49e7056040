package io.sendgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Peers for driver tests, written in plain Java so that what they record does not depend on the driver
 * under test: every byte a peer gets is kept and compared byte for byte. Unlike {@link io.sendgate.testing.TcpPeer} (one
 * connection to the service, for the API tests) they also take the client's side, speak IPv6 and UDP,
 * and fail the test when a wait runs out. Loopback only; every blocking call is bounded by {@link #WAIT}.
 */
public final class LoopbackPeers {
    /** The longest any peer call waits; generous because the build machine is shared. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private LoopbackPeers() {
    }

    public static InetAddress loopback(boolean ipv6) {
        try {
            return InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP listener on loopback whose accepted connections record what they read. */
    public static final class TcpServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Connection> held = Collections.synchronizedList(new ArrayList<>());

        private TcpServer(ServerSocket server) {
            this.server = server;
        }

        /**
         * @param receiveBuffer SO_RCVBUF for accepted connections (set before bind so the window is small
         *                      from the handshake on), or null for the system default
         */
        public static TcpServer listen(boolean ipv6, Integer receiveBuffer) {
            try {
                ServerSocket s = new ServerSocket();
                if (receiveBuffer != null) {
                    s.setReceiveBufferSize(receiveBuffer);
                }
                s.bind(new InetSocketAddress(loopback(ipv6), 0));
                s.setSoTimeout((int) WAIT.toMillis());
                return new TcpServer(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A loopback port nothing listens on (bound once, then closed): a SYN to it draws a RST. */
        public static InetSocketAddress closedPort(boolean ipv6) {
            try (ServerSocket s = new ServerSocket(0, 1, loopback(ipv6))) {
                return (InetSocketAddress) s.getLocalSocketAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        public Connection accept() {
            try {
                return new Connection(server.accept());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * From now on accepts every connection in the background and holds it, unread, until {@link #close}:
         * a target for connects whose bytes no one looks at.
         */
        public TcpServer holdingEveryConnection() {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(new Connection(server.accept()));
                    } catch (SocketTimeoutException idle) {
                        // no one connected within WAIT: keep listening
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "peer-hold-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
            return this;
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Connection c : held) {
                    c.close();
                }
            }
        }
    }

    /**
     * One TCP connection seen from the peer's side. It reads nothing until asked, so the driver's send
     * buffer can be made to fill; {@link #drain} then reads in the background into one record.
     */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private Thread drainer;
        private volatile boolean ended;
        private volatile IOException failure;

        public Connection(Socket socket) {
            this.socket = socket;
        }

        public static Connection connect(InetSocketAddress to) {
            try {
                Socket s = new Socket();
                s.connect(to, (int) WAIT.toMillis());
                return new Connection(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Socket socket() {
            return socket;
        }

        /** Starts reading everything in the background, until end of stream or close. */
        public synchronized Connection drain() {
            if (drainer == null) {
                drainer = new Thread(this::readUntilEnd, "peer-drain-" + socket.getLocalPort());
                drainer.setDaemon(true);
                drainer.start();
            }
            return this;
        }

        private void readUntilEnd() {
            byte[] chunk = new byte[64 * 1024];
            try {
                InputStream in = socket.getInputStream();
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (received) {
                        received.write(chunk, 0, n);
                        received.notifyAll();
                    }
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                synchronized (received) {
                    ended = true;
                    received.notifyAll();
                }
            }
        }

        /** Waits until at least {@code count} bytes were read; returns everything read so far. */
        public byte[] awaitBytes(long count) {
            drain();
            return await(() -> received.size() >= count || ended, "at least " + count + " bytes");
        }

        /** Waits for the end of the stream (FIN or reset); returns everything read. */
        public byte[] readToEnd() {
            drain();
            return await(() -> ended, "the end of the stream");
        }

        private byte[] await(java.util.function.BooleanSupplier done, String what) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            synchronized (received) {
                while (!done.getAsBoolean()) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new AssertionError("The peer did not get " + what + " within " + WAIT
                                + "; it has " + received.size() + " bytes");
                    }
                    try {
                        received.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("Interrupted while waiting for " + what);
                    }
                }
                return received.toByteArray();
            }
        }

        /** Writes {@code data} towards the driver's socket; returns once the kernel took all of it. */
        public void write(byte[] data) {
            try {
                socket.getOutputStream().write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An I/O error the background reader met (a reset shows here), or null. */
        public IOException failure() {
            return failure;
        }

        /** Aborts the connection: SO_LINGER 0 makes close send a RST instead of a FIN. */
        public void reset() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A UDP socket on loopback that hands back each datagram it gets, and sends datagrams of its own. */
    public static final class UdpPeer implements AutoCloseable {
        private final DatagramSocket socket;

        private UdpPeer(DatagramSocket socket) {
            this.socket = socket;
        }

        public static UdpPeer bind(boolean ipv6) {
            try {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(loopback(ipv6), 0));
                s.setReceiveBufferSize(1 << 20);
                s.setSoTimeout((int) WAIT.toMillis());
                return new UdpPeer(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A loopback port nothing is bound to (bound once, then closed): a datagram to it draws an ICMP error. */
        public static InetSocketAddress closedPort(boolean ipv6) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(loopback(ipv6), 0))) {
                return (InetSocketAddress) s.getLocalSocketAddress();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        /** Sends {@code data} as one datagram to {@code to}. */
        public void send(byte[] data, InetSocketAddress to) {
            try {
                socket.send(new DatagramPacket(data, data.length, to));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next datagram, with its sender. */
        public Datagram receive() {
            DatagramPacket p = new DatagramPacket(new byte[70_000], 70_000);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("No datagram came within " + WAIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Datagram(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()),
                    (InetSocketAddress) p.getSocketAddress());
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    public record Datagram(byte[] data, InetSocketAddress from) {
    }
}
