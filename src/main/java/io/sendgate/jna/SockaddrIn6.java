package io.sendgate.jna;

import com.sun.jna.Structure;

/**
 * {@code struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port; uint32_t sin6_flowinfo;
 * struct in6_addr sin6_addr; uint32_t sin6_scope_id; };} (28 bytes). Port and address in network order.
 */
@Structure.FieldOrder({"sin6_family", "sin6_port", "sin6_flowinfo", "sin6_addr", "sin6_scope_id"})
public class SockaddrIn6 extends Structure {
    public short sin6_family;
    public byte[] sin6_port = new byte[2];
    public int sin6_flowinfo;
    public byte[] sin6_addr = new byte[16];
    public int sin6_scope_id;
}
