package dev.hoshu.broker.peering;

/** The node that holds a device's tunnel cannot be reached over the peer link; the message is one line. */
public final class PeerUnreachableException extends RuntimeException {

    public PeerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
