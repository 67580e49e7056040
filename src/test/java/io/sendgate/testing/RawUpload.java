package io.sendgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A POST whose body a test writes part by part on a plain socket: with a Content-Length, or chunked. So a test can
 * hold a body half-sent, cut it short, or break it, and read the answer when it comes.
 */
public final class RawUpload implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final boolean chunked;

    private RawUpload(Socket socket, boolean chunked) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.chunked = chunked;
    }

    /** Sends the request's head: an octet-stream body of {@code length} bytes, or chunked when -1. */
    public static RawUpload start(int port, String target, long length) {
        try {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setSoTimeout(30_000);
            RawUpload upload = new RawUpload(s, length < 0);
            String head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/octet-stream\r\nConnection: close\r\n"
                    + (length < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n") + "\r\n";
            upload.out.write(head.getBytes(StandardCharsets.US_ASCII));
            upload.out.flush();
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes part of the body (one chunk, when chunked). */
    public RawUpload write(byte[] bytes, int from, int length) {
        try {
            if (chunked) {
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(bytes, from, length);
            if (chunked) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawUpload write(byte[] bytes) {
        return write(bytes, 0, bytes.length);
    }

    /** Ends a chunked body. */
    public RawUpload finish() {
        try {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes, well formed or not (a broken chunk header). */
    public RawUpload writeRaw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client stops writing: the server reads the end of the stream where the body should go on. */
    public RawUpload shutdownOutput() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer, read until the server closes the connection ({@code Connection: close}). */
    public RawHttp.Answer answer() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException | SocketException stoppedEarly) {
            // what arrived before a reset or a stall is the answer
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RawHttp.parse(all.toByteArray());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
