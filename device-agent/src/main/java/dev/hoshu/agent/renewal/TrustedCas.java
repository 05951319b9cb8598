package dev.hoshu.agent.renewal;

import dev.hoshu.tunnel.pki.PemFiles;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks the set of device CAs a broker tells the agent to trust: fails closed, because a wrong set would lock
 * the agent out of its broker.
 */
final class TrustedCas {

    /** A rotation has two; more means something else is going on. */
    static final int MAX = 3;

    private TrustedCas() {
    }

    /** @throws IllegalArgumentException one line, unless 1 to {@value #MAX} self-signed CA certificates valid now */
    static List<X509Certificate> check(String pem, Instant now) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("broker named no device CA to trust");
        }
        List<X509Certificate> cas = PemFiles.readCertificates(pem);
        if (cas.isEmpty() || cas.size() > MAX) {
            throw new IllegalArgumentException("broker named " + cas.size() + " device CAs to trust; 1 to " + MAX
                    + " expected");
        }
        for (X509Certificate ca : cas) {
            if (ca.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("a device CA to trust is not a CA certificate: "
                        + ca.getSubjectX500Principal().getName());
            }
            try {
                ca.verify(ca.getPublicKey());
                ca.checkValidity(Date.from(now));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("a device CA to trust is not a valid self-signed CA: "
                        + e.getMessage());
            }
        }
        return List.copyOf(cas);
    }
}
