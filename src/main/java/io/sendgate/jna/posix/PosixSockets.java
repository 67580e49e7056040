package io.sendgate.jna.posix;

import io.sendgate.jna.NativeBlock;
import io.sendgate.jna.SmallBlock;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.NativeListener;
import io.sendgate.core.port.NativeMemory;
import io.sendgate.core.port.NativeSocket;
import io.sendgate.core.port.NativeSockets;
import io.sendgate.core.port.SocketKind;
import io.sendgate.core.port.SocketOptions;
import io.sendgate.jna.SocketFacts;
import io.sendgate.jna.SocketOptionCodec;
import io.sendgate.jna.Sockaddrs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;

/**
 * The Linux driver: sockets from libc, every one non-blocking underneath, overlapped sends continued by
 * one epoll thread for the whole pool. Failures carry the Winsock code of {@link Errno#toWsa}.
 */
public final class PosixSockets implements NativeSockets {
    private final LibC libc;
    private final EpollLoop loop;
    private static final SocketOptionCodec OPTIONS = new SocketOptionCodec(new SocketOptionCodec.Names(
            LibC.SOL_SOCKET, LibC.SO_SNDBUF, LibC.SO_KEEPALIVE, LibC.IPPROTO_TCP, LibC.TCP_NODELAY));

    /** Large send buffers kept for reuse after their sends ended; see {@link HugeBlockCache}. */
    private static final long BLOCK_CACHE_BYTES = 128L << 20;

    private final Sockaddrs sockaddrs = new Sockaddrs(LibC.AF_INET6);
    private final HugeBlockCache blockCache;

    private PosixSockets(LibC libc) {
        this.libc = libc;
        this.blockCache = new HugeBlockCache(libc, BLOCK_CACHE_BYTES);
        this.loop = new EpollLoop(libc);
    }

    /**
     * Loads libc and starts the epoll thread.
     *
     * @throws IllegalStateException with the reason when this machine cannot run the driver
     */
    public static PosixSockets start() {
        if (!Platform.isLinux()) {
            throw new IllegalStateException("The libc driver runs on Linux only, not " + System.getProperty("os.name"));
        }
        if (!Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            throw new IllegalStateException("The libc driver supports x86-64 and AArch64, not " + Platform.ARCH);
        }
        LibC libc = Native.load("c", LibC.class);
        LibCDirect.load();
        return new PosixSockets(libc);
    }

    @Override
    public String name() {
        return "posix-epoll";
    }

    LibC libc() {
        return libc;
    }

    EpollLoop loop() {
        return loop;
    }

    @Override
    public boolean available() {
        return loop.isAlive();
    }

    /** For the driver's tests: epoll's own descriptor, whose failure stops the epoll thread. */
    int epollFdForTests() {
        return loop.epollFd();
    }

    @Override
    public java.util.Map<String, Object> details() {
        return java.util.Map.of(
                "epollThreadAlive", loop.isAlive(),
                "socketsWatched", loop.registered(),
                "nativeBufferBytes", liveBufferBytes(),
                "cachedBufferBytes", cachedBufferBytes());
    }

    @Override
    public long liveBufferBytes() {
        return NativeBlock.liveBytes();
    }

    @Override
    public long cachedBufferBytes() {
        return blockCache.cachedBytes();
    }

    /**
     * A non-blocking connect: answered at once when the kernel connects or refuses at once (loopback
     * often does), otherwise the epoll thread hears when the handshake ended (C38: nothing waits).
     */
    @Override
    public CompletableFuture<NativeSocket> connectStream(InetSocketAddress remote, SocketOptions options) {
        boolean ipv6 = remote.getAddress() instanceof Inet6Address;
        int fd;
        boolean connected;
        try {
            fd = newSocket(ipv6, LibC.SOCK_STREAM);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            apply(fd, SocketKind.TCP, options);
            Structure addr = sockaddrs.of(remote);
            connected = libc.connect(fd, addr, addr.size()) == 0;
            int errno = connected ? 0 : Native.getLastError();
            if (!connected && errno != Errno.EINPROGRESS) {
                throw failure("connect(" + Endpoint.text(remote) + ")", errno, Errno.Facts.STREAM_CONNECTED.withNeverConnected());
            }
        } catch (RuntimeException e) {
            libc.close(fd);
            return CompletableFuture.failedFuture(e);
        }
        if (!connected) {
            return new PendingConnect(this, fd, ipv6, remote).result();
        }
        try {
            // adopt owns the descriptor from here: it closes it itself when it fails
            return CompletableFuture.completedFuture(adopt(fd, ipv6));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A socket whose connect completed: it joins the pool as it is. */
    NativeSocket adopt(int fd, boolean ipv6) {
        try {
            return new PosixSocket(this, fd, SocketKind.TCP, ipv6);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    Integer soError(int fd) {
        return getInt(fd, LibC.SOL_SOCKET, LibC.SO_ERROR);
    }

    /** Runs a callback on another thread, for callbacks that must not run inside their caller's call. */
    void later(Runnable callback) {
        CompletableFuture.runAsync(callback);
    }

    @Override
    public NativeSocket unconnectedStream(boolean ipv6, SocketOptions options) {
        int fd = newSocket(ipv6, LibC.SOCK_STREAM);
        try {
            apply(fd, SocketKind.TCP, options);
            return new PosixSocket(this, fd, SocketKind.TCP, ipv6);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    @Override
    public NativeSocket datagram(InetSocketAddress remote, boolean ipv6, SocketOptions options) {
        int fd = newSocket(ipv6, LibC.SOCK_DGRAM);
        try {
            apply(fd, SocketKind.UDP, options);
            if (remote != null) {
                Structure addr = sockaddrs.of(remote);
                if (libc.connect(fd, addr, addr.size()) < 0) {
                    throw failure("connect(" + Endpoint.text(remote) + ")", Native.getLastError(), new Errno.Facts(true, false, false, false));
                }
            }
            return new PosixSocket(this, fd, SocketKind.UDP, ipv6);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    @Override
    public NativeListener listen(InetSocketAddress local, int backlog) {
        boolean ipv6 = local.getAddress() instanceof Inet6Address;
        int fd = newSocket(ipv6, LibC.SOCK_STREAM);
        try {
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1, "SO_REUSEADDR");
            Structure addr = sockaddrs.of(local);
            if (libc.bind(fd, addr, addr.size()) < 0) {
                throw failure("bind(" + Endpoint.text(local) + ")", Native.getLastError(), Errno.Facts.STREAM_CONNECTED);
            }
            if (libc.listen(fd, backlog) < 0) {
                throw failure("listen", Native.getLastError(), Errno.Facts.STREAM_CONNECTED);
            }
            return new PosixListener(this, fd, ipv6);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    NativeSocket adopt(int fd, SocketKind kind, boolean ipv6, SocketOptions options) {
        try {
            apply(fd, kind, options);
            return new PosixSocket(this, fd, kind, ipv6);
        } catch (RuntimeException e) {
            libc.close(fd);
            throw e;
        }
    }

    @Override
    public NativeMemory allocate(long bytes) {
        if (bytes >= HugePageMemory.HUGE_PAGE) {
            HugePageMemory huge = HugePageMemory.allocate(libc, blockCache, bytes);
            if (huge != null) {
                return huge;
            }
        }
        return SmallBlock.allocate(bytes);
    }

    @Override
    public void close() {
        loop.close();
        blockCache.close();
    }

    WsaException failure(String op, int errno, Errno.Facts facts) {
        return new WsaException(Errno.toWsa(errno, facts), describe(op, errno));
    }

    /** A failed call in the platform's own words, for the problem detail (Netty's "op(..) failed with error(n)"). */
    String describe(String op, int errno) {
        return op + " failed with error(" + errno + "): " + libc.strerror(errno);
    }

    Endpoint localOf(int fd) {
        return endpoint(fd, true);
    }

    SocketFacts factsOf(int fd, SocketKind kind, boolean ipv6) {
        return new SocketFacts(kind, endpoint(fd, true), endpoint(fd, false), OPTIONS.read(access(fd), kind),
                kind.isStream() ? null : Datagrams.maxMessageSize(ipv6));
    }

    private SocketOptionCodec.Access access(int fd) {
        return new SocketOptionCodec.Access() {
            @Override
            public Integer get(int level, int name) {
                return getInt(fd, level, name);
            }

            @Override
            public void set(int level, int name, int value, String what) {
                setInt(fd, level, name, value, what);
            }
        };
    }

    /** O_NONBLOCK as fcntl reports it: every socket of this driver has it, whatever the caller's mode. */
    boolean isNonBlocking(int fd) {
        int fl = libc.fcntl(fd, LibC.F_GETFL, 0);
        return fl >= 0 && (fl & LibC.O_NONBLOCK) != 0;
    }

    private int newSocket(boolean ipv6, int type) {
        int fd = libc.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, type | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("socket", Native.getLastError(), Errno.Facts.STREAM_CONNECTED);
        }
        return fd;
    }

    void apply(int fd, SocketKind kind, SocketOptions options) {
        OPTIONS.apply(access(fd), kind, options);
    }

    private void setInt(int fd, int level, int name, int value, String what) {
        if (libc.setsockopt(fd, level, name, new IntByReference(value), 4) < 0) {
            throw failure("setsockopt(" + what + ")", Native.getLastError(), Errno.Facts.STREAM_CONNECTED);
        }
    }

    private Integer getInt(int fd, int level, int name) {
        IntByReference value = new IntByReference();
        IntByReference len = new IntByReference(4);
        return libc.getsockopt(fd, level, name, value, len) < 0 ? null : value.getValue();
    }

    private Endpoint endpoint(int fd, boolean local) {
        Memory storage = new Memory(Sockaddrs.STORAGE_SIZE);
        try {
            storage.clear();
            IntByReference len = new IntByReference(Sockaddrs.STORAGE_SIZE);
            int rc = local ? libc.getsockname(fd, storage, len) : libc.getpeername(fd, storage, len);
            return rc < 0 ? null : sockaddrs.parse(storage);
        } catch (UnknownHostException e) {
            return null;
        } finally {
            storage.close();
        }
    }

}
