package dev.hoshu.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.SecureRandom;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.junit.jupiter.api.Test;

/**
 * The handshake's public-key work runs on BouncyCastle and the record encryption on the JVM's AES-GCM: the split a
 * reconnect storm's CPU depends on (docs/benchmarks.md), checked on the crypto BCJSSE is actually built with.
 */
class TunnelCryptoHelperTest {

    private final JcaJceHelper helper = TunnelTlsCrypto.provider(Providers.bc()).create(new SecureRandom()).getHelper();

    @Test
    void signaturesAndKeyAgreementComeFromBouncyCastle() throws Exception {
        assertEquals("BC", helper.createSignature("SHA256withECDSA").getProvider().getName());
        assertEquals("BC", helper.createSignature("Ed25519").getProvider().getName());
        assertEquals("BC", helper.createKeyAgreement("X25519").getProvider().getName());
        assertEquals("BC", helper.createKeyPairGenerator("X25519").getProvider().getName());
        assertEquals("BC", helper.createKeyFactory("EC").getProvider().getName());
    }

    @Test
    void recordEncryptionAndDigestsStayWithTheJvm() throws Exception {
        assertNotEquals("BC", helper.createCipher("AES/GCM/NoPadding").getProvider().getName());
        assertNotEquals("BC", helper.createMac("HmacSHA256").getProvider().getName());
        assertNotEquals("BC", helper.createMessageDigest("SHA-256").getProvider().getName());
    }
}
