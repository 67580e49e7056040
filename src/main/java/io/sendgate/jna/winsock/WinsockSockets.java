package io.sendgate.jna.winsock;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import io.sendgate.jna.NativeBlock;
import io.sendgate.jna.SmallBlock;
import io.sendgate.core.WsaError;
import io.sendgate.core.WsaException;
import io.sendgate.core.port.Endpoint;
import io.sendgate.core.port.Failure;
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
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Windows driver: every send is a real overlapped WSASend and every receive a real overlapped WSARecv,
 * completed through one I/O completion port drained by one thread. Winsock's own error codes are reported as they are.
 */
public final class WinsockSockets implements NativeSockets {
    private static final short WINSOCK_2_2 = 0x0202;
    private static final int WSADATA_SIZE = 512;

    private final Ws2_32 ws2;
    private final Kernel32 kernel32;
    private final CompletionPort port;
    private final SelectWatcher watcher;
    private static final SocketOptionCodec OPTIONS = new SocketOptionCodec(new SocketOptionCodec.Names(
            Ws2_32.SOL_SOCKET, Ws2_32.SO_SNDBUF, Ws2_32.SO_KEEPALIVE, Ws2_32.IPPROTO_TCP, Ws2_32.TCP_NODELAY));

    private final Sockaddrs sockaddrs = new Sockaddrs(Ws2_32.AF_INET6);
    private final AtomicLong lastKey = new AtomicLong();

    private WinsockSockets(Ws2_32 ws2, Kernel32 kernel32) {
        this.ws2 = ws2;
        this.kernel32 = kernel32;
        this.port = new CompletionPort(kernel32);
        this.watcher = new SelectWatcher(ws2);
    }

    /**
     * WSAStartup(2.2) and the completion thread.
     *
     * @throws IllegalStateException with the reason when this machine cannot run the driver (C30)
     */
    public static NativeSockets start() {
        if (!Platform.isWindows() || !Platform.is64Bit()) {
            throw new IllegalStateException("The Winsock driver runs on 64-bit Windows only, not "
                    + System.getProperty("os.name") + " " + Platform.ARCH);
        }
        Ws2_32 ws2 = Native.load("ws2_32", Ws2_32.class);
        Kernel32 kernel32 = Native.load("kernel32", Kernel32.class);
        Ws2Direct.load();
        Kernel32Direct.load();
        try (Memory wsaData = new Memory(WSADATA_SIZE)) {
            int rc = ws2.WSAStartup(WINSOCK_2_2, wsaData);
            if (rc != 0) {
                throw new IllegalStateException("WSAStartup(2.2) failed with error(" + rc + ")");
            }
        }
        try {
            return new WinsockSockets(ws2, kernel32);
        } catch (RuntimeException e) {
            ws2.WSACleanup();
            throw e;
        }
    }

    @Override
    public String name() {
        return "winsock-iocp";
    }

    @Override
    public boolean available() {
        return port.isAlive() && watcher.isAlive();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("completionThreadAlive", port.isAlive(), "selectThreadAlive", watcher.isAlive(),
                "operationsInFlight", port.inFlight(),
                "nativeBufferBytes", liveBufferBytes());
    }

    @Override
    public long liveBufferBytes() {
        return NativeBlock.liveBytes();
    }

    Ws2_32 ws2() {
        return ws2;
    }

    Kernel32 kernel32() {
        return kernel32;
    }

    CompletionPort port() {
        return port;
    }

    static WsaError wsa(int code) {
        WsaError e = WsaError.ofCode(code);
        return e != null ? e : WsaError.WSASYSCALLFAILURE;
    }

    WsaException failure(String op, int code) {
        return describedFailure(op, code).toException();
    }

    /** A failed call with Winsock's code and number, as the problem detail shows it. */
    Failure describedFailure(String op, int code) {
        WsaError error = wsa(code);
        return new Failure(error, op + " failed with error(" + code + "): " + error.description());
    }

    SelectWatcher watcher() {
        return watcher;
    }

    /** Runs a callback on another thread, for callbacks that must not run inside their caller's call. */
    void later(Runnable callback) {
        CompletableFuture.runAsync(callback);
    }

    /** A non-blocking connect; the select thread hears when the handshake ended (C38: nothing waits). */
    @Override
    public CompletableFuture<NativeSocket> connectStream(InetSocketAddress remote, SocketOptions options) {
        long s;
        boolean connected;
        try {
            s = newSocket(remote.getAddress() instanceof Inet6Address, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            apply(s, SocketKind.TCP, options);
            Structure addr = sockaddrs.of(remote);
            connected = ws2.connect(s, addr, addr.size()) == 0;
            int error = connected ? 0 : Native.getLastError();
            if (!connected && error != Ws2_32.WSAEWOULDBLOCK) {
                throw failure("connect(" + Endpoint.text(remote) + ")", error);
            }
        } catch (RuntimeException e) {
            ws2.closesocket(s);
            return CompletableFuture.failedFuture(e);
        }
        if (!connected) {
            return new WinsockPendingConnect(this, s, remote).result();
        }
        try {
            // adopt owns the handle from here: it closes it itself when it fails
            return CompletableFuture.completedFuture(adopt(s, SocketKind.TCP, null));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public NativeSocket unconnectedStream(boolean ipv6, SocketOptions options) {
        long s = newSocket(ipv6, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        return adopt(s, SocketKind.TCP, options);
    }

    @Override
    public NativeSocket datagram(InetSocketAddress remote, boolean ipv6, SocketOptions options) {
        long s = newSocket(ipv6, Ws2_32.SOCK_DGRAM, Ws2_32.IPPROTO_UDP);
        try {
            apply(s, SocketKind.UDP, options);
            if (remote != null) {
                Structure addr = sockaddrs.of(remote);
                if (ws2.connect(s, addr, addr.size()) != 0) {
                    throw failure("connect(" + Endpoint.text(remote) + ")", Native.getLastError());
                }
            }
        } catch (RuntimeException e) {
            ws2.closesocket(s);
            throw e;
        }
        // adopt owns the handle from here: it closes it itself when it fails
        return adopt(s, SocketKind.UDP, null);
    }

    @Override
    public NativeListener listen(InetSocketAddress local, int backlog) {
        long s = newSocket(local.getAddress() instanceof Inet6Address, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
        try {
            // as the JDK does: no other process may bind the same port and take connections meant for us
            setInt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_EXCLUSIVEADDRUSE, 1, "SO_EXCLUSIVEADDRUSE");
            Structure addr = sockaddrs.of(local);
            if (ws2.bind(s, addr, addr.size()) != 0) {
                throw failure("bind(" + Endpoint.text(local) + ")", Native.getLastError());
            }
            if (ws2.listen(s, backlog) != 0) {
                throw failure("listen", Native.getLastError());
            }
            return new WinsockListener(this, s);
        } catch (RuntimeException e) {
            ws2.closesocket(s);
            throw e;
        }
    }

    /** Associates a connected or accepted socket with the completion port; options are applied first when given. */
    NativeSocket adopt(long s, SocketKind kind, SocketOptions options) {
        try {
            if (options != null) {
                apply(s, kind, options);
            }
            port.associate(s, lastKey.incrementAndGet());
            return new WinsockSocket(this, s, kind);
        } catch (RuntimeException e) {
            ws2.closesocket(s);
            throw e;
        }
    }

    @Override
    public NativeMemory allocate(long bytes) {
        return SmallBlock.allocate(bytes);
    }

    @Override
    public void close() {
        watcher.close();
        port.close();
        ws2.WSACleanup();
    }

    Endpoint localOf(long s) {
        return endpoint(s, true);
    }

    /** SO_MAX_MSG_SIZE as Winsock reports it; it has no meaning for stream sockets. */
    SocketFacts factsOf(long s, SocketKind kind) {
        return new SocketFacts(kind, endpoint(s, true), endpoint(s, false), OPTIONS.read(access(s), kind),
                kind.isStream() ? null : getInt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_MAX_MSG_SIZE));
    }

    private SocketOptionCodec.Access access(long s) {
        return new SocketOptionCodec.Access() {
            @Override
            public Integer get(int level, int name) {
                return getInt(s, level, name);
            }

            @Override
            public void set(int level, int name, int value, String what) {
                setInt(s, level, name, value, what);
            }
        };
    }

    private long newSocket(boolean ipv6, int type, int protocol) {
        // not inherited: a process the JVM starts must not keep the pool's connections open after closesocket
        long s = ws2.WSASocketW(ipv6 ? Ws2_32.AF_INET6 : Ws2_32.AF_INET, type, protocol, null, 0,
                Ws2_32.WSA_FLAG_OVERLAPPED | Ws2_32.WSA_FLAG_NO_HANDLE_INHERIT);
        if (s == Ws2_32.INVALID_SOCKET) {
            throw failure("WSASocketW", Native.getLastError());
        }
        // FIONBIO underneath, whatever the caller's mode: overlapped sends are unaffected, and the core
        // emulates blocking sends above, so no thread ever sits in a Winsock call.
        if (ws2.ioctlsocket(s, Ws2_32.FIONBIO, new IntByReference(1)) != 0) {
            int error = Native.getLastError();
            ws2.closesocket(s);
            throw failure("ioctlsocket(FIONBIO)", error);
        }
        return s;
    }

    void apply(long s, SocketKind kind, SocketOptions options) {
        OPTIONS.apply(access(s), kind, options);
    }

    private void setInt(long s, int level, int name, int value, String what) {
        if (ws2.setsockopt(s, level, name, new IntByReference(value), 4) != 0) {
            throw failure("setsockopt(" + what + ")", Native.getLastError());
        }
    }

    private Integer getInt(long s, int level, int name) {
        IntByReference value = new IntByReference();
        IntByReference len = new IntByReference(4);
        return ws2.getsockopt(s, level, name, value, len) != 0 ? null : value.getValue();
    }

    Endpoint remoteOf(long s) {
        return endpoint(s, false);
    }

    Integer soError(long s) {
        return getInt(s, Ws2_32.SOL_SOCKET, Ws2_32.SO_ERROR);
    }

    private Endpoint endpoint(long s, boolean local) {
        try (Memory storage = new Memory(Sockaddrs.STORAGE_SIZE)) {
            storage.clear();
            IntByReference len = new IntByReference(Sockaddrs.STORAGE_SIZE);
            int rc = local ? ws2.getsockname(s, storage, len) : ws2.getpeername(s, storage, len);
            return rc != 0 ? null : sockaddrs.parse(storage);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
