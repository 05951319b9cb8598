package dev.hoshu.tunnel.control;

/** The broker's renewal answer: the new chain (PEM, leaf first), or the one-line reason it refused. */
public record RenewalAnswer(String certificateChain, String error) {

    public static RenewalAnswer refused(String reason) {
        return new RenewalAnswer(null, reason);
    }
}
