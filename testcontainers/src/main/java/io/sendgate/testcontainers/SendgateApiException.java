package io.sendgate.testcontainers;

/**
 * The service answered with an error: its problem detail (RFC 9457), with the Winsock code where one
 * applies.
 */
public class SendgateApiException extends RuntimeException {
    private final int httpStatus;
    private final String wsaError;
    private final Integer wsaCode;
    private final String body;

    public SendgateApiException(String request, int httpStatus, String title, String detail, String wsaError,
                                Integer wsaCode, String body) {
        this(request, httpStatus, title, detail, wsaError, wsaCode, body, "");
    }

    /** With {@code more} appended to the message. */
    protected SendgateApiException(String request, int httpStatus, String title, String detail, String wsaError,
                                   Integer wsaCode, String body, String more) {
        super(request + " -> HTTP " + httpStatus + (wsaError == null ? "" : " " + wsaError + " (" + wsaCode + ")")
                + ": " + (detail != null ? detail : title != null ? title : body) + more);
        this.httpStatus = httpStatus;
        this.wsaError = wsaError;
        this.wsaCode = wsaCode;
        this.body = body;
    }

    public int getHttpStatus() {
        return httpStatus;
    }

    /** For example {@code WSAECONNREFUSED}; null when no Winsock code applies. */
    public String getWsaError() {
        return wsaError;
    }

    /** For example {@code 10061}; null when no Winsock code applies. */
    public Integer getWsaCode() {
        return wsaCode;
    }

    /** The response body as received. */
    public String getBody() {
        return body;
    }
}
