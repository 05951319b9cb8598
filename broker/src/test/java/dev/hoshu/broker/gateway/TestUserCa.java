package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.pki.UserCertificateAuthority;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/** A user CA for tests, signing with MINA's certificate builder as the broker's real CA does. */
final class TestUserCa implements UserCertificateAuthority {

    private final KeyPair ca;

    TestUserCa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ca = generator.generateKeyPair();
    }

    @Override
    public PublicKey publicKey() {
        return ca.getPublic();
    }

    @Override
    public String issue(Grant grant, PublicKey engineerKey) {
        return issue(grant.id(), List.of(grant.device()), grant.notBefore(), grant.notAfter(), engineerKey);
    }

    String issueWithCriticalOption(Grant grant, PublicKey key, String option, String value) {
        try {
            return PublicKeyEntry.toString(OpenSshCertificateBuilder.userCertificate()
                    .publicKey(key)
                    .id(grant.id())
                    .principals(List.of(grant.device()))
                    .criticalOption(option, value)
                    .validAfter(grant.notBefore())
                    .validBefore(grant.notAfter())
                    .sign(ca));
        } catch (Exception e) {
            throw new IllegalStateException("test CA cannot sign: " + e, e);
        }
    }

    String issue(String keyId, List<String> principals, Instant validAfter, Instant validBefore, PublicKey key) {
        try {
            return PublicKeyEntry.toString(OpenSshCertificateBuilder.userCertificate()
                    .publicKey(key)
                    .serial(System.nanoTime())
                    .id(keyId)
                    .principals(principals)
                    .validAfter(validAfter)
                    .validBefore(validBefore)
                    .sign(ca));
        } catch (Exception e) {
            throw new IllegalStateException("test CA cannot sign: " + e, e);
        }
    }
}
