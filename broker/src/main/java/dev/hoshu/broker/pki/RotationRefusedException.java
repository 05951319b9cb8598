package dev.hoshu.broker.pki;

/** A rotation step asked for out of order; the message is the one line the operator sees. */
public final class RotationRefusedException extends RuntimeException {

    public RotationRefusedException(String message) {
        super(message, null, false, false);
    }
}
