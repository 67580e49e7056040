package io.sendgate.testcontainers;

/**
 * {@code expect} did not find its pattern: it did not arrive in time (HTTP 504, {@code WSAETIMEDOUT}), or the
 * stream ended without it (409, {@code WSAEDISCON} or the code it failed with). Carries what did arrive, which
 * the message shows too.
 */
public class SendgateExpectException extends SendgateApiException {
    private final long from;
    private final byte[] received;

    public SendgateExpectException(String request, int httpStatus, String title, String detail, String wsaError,
                                   Integer wsaCode, String body, long from, byte[] received) {
        super(request, httpStatus, title, detail, wsaError, wsaCode, body,
                "; what arrived from offset " + from + " (" + received.length + " bytes): " + Printable.of(received));
        this.from = from;
        this.received = received.clone();
    }

    /** The stream offset the search started at: where {@link #getReceived()} begins. */
    public long getFrom() {
        return from;
    }

    /** The bytes that arrived from {@link #getFrom()} on. */
    public byte[] getReceived() {
        return received.clone();
    }
}
