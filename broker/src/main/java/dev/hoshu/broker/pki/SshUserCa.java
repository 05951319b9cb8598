package dev.hoshu.broker.pki;

import dev.hoshu.access.Grant;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * The SSH user CA ({@code user-ca.key}): a grant certificate names the grant as key id and the device as its only
 * principal, expires with the grant, and permits a pty but no forwarding of any kind.
 */
public final class SshUserCa implements UserCertificateAuthority {

    /** Tolerates an engineer's clock running a little behind the broker's. */
    static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKeys;
    private final Clock clock;

    public SshUserCa(KeyPair caKeys, Clock clock) {
        this.caKeys = caKeys;
        this.clock = clock;
    }

    @Override
    public PublicKey publicKey() {
        return caKeys.getPublic();
    }

    @Override
    public String issue(Grant grant, PublicKey engineerKey) {
        Instant now = clock.instant();
        if (!grant.notAfter().isAfter(now)) {
            throw new IllegalArgumentException("grant " + grant.id() + " has ended; no certificate");
        }
        try {
            OpenSshCertificate certificate = OpenSshCertificateBuilder.userCertificate()
                    .serial(serial())
                    .publicKey(engineerKey)
                    .id(grant.id())
                    .principals(List.of(grant.device()))
                    .validAfter(now.minus(BACKDATE))
                    .validBefore(grant.notAfter())
                    .extensions(Map.of("permit-pty", ""))
                    .sign(caKeys);
            return PublicKeyEntry.toString(certificate);
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a certificate for grant " + grant.id() + ": " + e.getMessage(), e);
        }
    }

    private static long serial() {
        long serial;
        do {
            serial = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (serial == 0);
        return serial;
    }
}
