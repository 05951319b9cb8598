package dev.hoshu.broker.reversetunnel;

/** A device tunnel the ledger refuses; the message is the one line the broker logs and audits. */
public final class TunnelRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public TunnelRefusedException(String message) {
        super(message, null, false, false);
    }
}
