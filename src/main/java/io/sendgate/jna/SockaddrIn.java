package io.sendgate.jna;

import com.sun.jna.Structure;

/**
 * {@code struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr;
 * unsigned char sin_zero[8]; };} (16 bytes). Port and address are in network byte order.
 */
@Structure.FieldOrder({"sin_family", "sin_port", "sin_addr", "sin_zero"})
public class SockaddrIn extends Structure {
    public short sin_family;
    public byte[] sin_port = new byte[2];
    public byte[] sin_addr = new byte[4];
    public byte[] sin_zero = new byte[8];
}
