package io.sendgate.api.robustness;

import io.sendgate.testing.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** One generated request, and what the test knows of it: how it must be answered, and what a send carries. */
final class Request {
    static final String FAULT = "WSAEFAULT";
    static final String INVAL = "WSAEINVAL";

    enum Kind {
        OPEN, SOCKETS, SOCKET, CLOSE, SHUTDOWN, CANCEL, SEND_JSON, SEND_OCTETS, SEND_MULTIPART, LISTEN, LISTENERS,
        ACCEPT, OPERATION, WAIT, EVENTS, SESSION, HEALTH, UNKNOWN_PATH, WRONG_METHOD, RECEIVE, DATA, RECEIVED, EXPECT
    }

    /** What a successful answer's body must look like. */
    enum Shape { NONE, SOCKET, SOCKETS, LISTENER, LISTENERS, SENT, OPERATION, WAIT, CANCEL, SESSION, HEALTH, STREAM }

    final Kind kind;
    String mutation = "valid";
    String method;
    String target;
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    /** The whole request as bytes, for mutations of the request line or the framing; sent over a plain socket. */
    byte[] raw;
    boolean head;
    boolean stream;

    /** A 2xx is a defect: the input is malformed. */
    boolean mustFail;
    /** Anything but a 2xx is a defect: the input is valid. */
    boolean mustSucceed;
    /** The status, when the test knows it. */
    Integer status;
    /** The WSA codes the error may carry, when the test knows them. */
    Set<String> wsa;
    /** The 5xx this input may legitimately draw (502, 503, 504 only; see the comments where set). */
    Set<Integer> gateway = Set.of();
    /** A send: the bytes it carries if it is accepted. Null: no byte may go out for it. */
    byte[] payload;
    int buffers = -1;
    Shape shape = Shape.NONE;
    Consumer<Answer> onSuccess;

    Request(Kind kind, String method, String target) {
        this.kind = kind;
        this.method = method;
        this.target = target;
    }

    Request header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    Request json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    Request json(byte[] bytes) {
        body = bytes;
        headers.removeIf(h -> h[0].equalsIgnoreCase("Content-Type"));
        return header("Content-Type", "application/json");
    }

    Request fails(Integer status, String... wsa) {
        mustFail = true;
        mustSucceed = false;
        this.status = status;
        this.wsa = wsa.length == 0 ? null : Set.of(wsa);
        return this;
    }

    Request succeeds(Shape shape) {
        mustSucceed = true;
        mustFail = false;
        this.shape = shape;
        return this;
    }

    /** A valid send: it must be accepted, and its bytes go to the peer. */
    Request sends(byte[] payload, int buffers) {
        this.payload = payload;
        this.buffers = buffers;
        return succeeds(Shape.SENT);
    }

    Request either(Shape shape) {
        this.shape = shape;
        return maybe();
    }

    /** Accepted or refused, the test cannot tell in advance; an answer is checked for its form only. */
    Request maybe() {
        mustFail = false;
        mustSucceed = false;
        status = null;
        wsa = null;
        return this;
    }

    Request label(String mutation) {
        this.mutation = mutation;
        return this;
    }

    /** Whether it goes over a plain socket: java.net.http cannot send it as it is, or it opens a stream. */
    boolean overSocket() {
        return raw != null || stream;
    }

    /** The request as bytes for a plain socket to the service on {@code port}, framed as a client would. */
    byte[] bytes(int port) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
            host |= h[0].equalsIgnoreCase("Host");
        }
        if (!host) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        return body == null ? h : Bytes.concat(h, body);
    }

    String describe() {
        if (raw != null) {
            return Bytes.show(raw, 300);
        }
        StringBuilder b = new StringBuilder(method).append(' ').append(target);
        for (String[] h : headers) {
            b.append(" [").append(h[0]).append(": ").append(h[1]).append(']');
        }
        if (body != null) {
            b.append(' ').append(Bytes.show(body, 240));
        }
        return b.toString();
    }
}
