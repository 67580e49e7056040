package io.sendgate.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import io.sendgate.core.port.Endpoint;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Java socket addresses to {@code sockaddr_in}/{@code sockaddr_in6} and back. Linux and Windows share
 * the layouts; only the value of AF_INET6 differs (10 on Linux, 23 on Windows), so each driver passes
 * its own.
 */
public final class Sockaddrs {
    /** {@code sizeof(struct sockaddr_storage)} on both platforms. */
    public static final int STORAGE_SIZE = 128;
    public static final short AF_INET = 2;

    private final short afInet6;

    public Sockaddrs(int afInet6) {
        this.afInet6 = (short) afInet6;
    }

    public Structure of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        byte[] port = {(byte) (address.getPort() >>> 8), (byte) address.getPort()};
        if (ip instanceof Inet6Address v6) {
            SockaddrIn6 s = new SockaddrIn6();
            s.sin6_family = afInet6;
            s.sin6_port = port;
            s.sin6_addr = ip.getAddress();
            s.sin6_scope_id = v6.getScopeId();
            s.write();
            return s;
        }
        SockaddrIn s = new SockaddrIn();
        s.sin_family = AF_INET;
        s.sin_port = port;
        s.sin_addr = ip.getAddress();
        s.write();
        return s;
    }

    /** Reads a {@code sockaddr_storage} filled by getsockname or getpeername; null for other families. */
    public Endpoint parse(Pointer storage) throws UnknownHostException {
        short family = storage.getShort(0);
        int port = ((storage.getByte(2) & 0xFF) << 8) | (storage.getByte(3) & 0xFF);
        if (family == afInet6) {
            return new Endpoint(InetAddress.getByAddress(storage.getByteArray(8, 16)), port);
        }
        if (family == AF_INET) {
            return new Endpoint(InetAddress.getByAddress(storage.getByteArray(4, 4)), port);
        }
        return null;
    }
}
