package dev.hoshu.tunnel.control;

/** A control request refused; the message is the one line the peer gets. */
public final class ControlRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ControlRefusedException(String message) {
        super(message, null, false, false);
    }
}
