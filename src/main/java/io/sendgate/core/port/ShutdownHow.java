package io.sendgate.core.port;

/** shutdown()'s {@code how}, with the values of {@code winsock2.h}. */
public enum ShutdownHow {
    SD_RECEIVE(0),
    SD_SEND(1),
    SD_BOTH(2);

    private final int winsockValue;

    ShutdownHow(int winsockValue) {
        this.winsockValue = winsockValue;
    }

    public int winsockValue() {
        return winsockValue;
    }

    public boolean closesSend() {
        return this != SD_RECEIVE;
    }

    public boolean closesReceive() {
        return this != SD_SEND;
    }
}
