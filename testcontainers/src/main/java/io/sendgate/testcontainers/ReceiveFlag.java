package io.sendgate.testcontainers;

/** The flags one WSARecv may be called with. */
public enum ReceiveFlag {
    /** Look at the bytes without taking them: the next receive gets them again. */
    MSG_PEEK,
    /** Urgent (out-of-band) data. */
    MSG_OOB,
    /** Complete only when every buffer is full (or the stream ended or failed). */
    MSG_WAITALL
}
