package dev.hoshu.tunnel.control;

/**
 * The broker's renewal answer: the new chain (PEM, leaf first), or the one-line reason it refused.
 *
 * @param trustedCas the device CAs the agent must trust for the broker from now on (PEM, one or two during a
 *                   rotation); absent from brokers that predate rotation, in which case the agent keeps its set
 */
public record RenewalAnswer(String certificateChain, String error, String trustedCas) {

    public RenewalAnswer(String certificateChain, String error) {
        this(certificateChain, error, null);
    }

    public static RenewalAnswer refused(String reason) {
        return new RenewalAnswer(null, reason, null);
    }
}
