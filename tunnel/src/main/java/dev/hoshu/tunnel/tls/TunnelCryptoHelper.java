package dev.hoshu.tunnel.tls;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.Signature;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.jcajce.util.ProviderJcaJceHelper;

/**
 * Where BCJSSE's handshake takes its cryptography from: public-key work (ECDSA, X25519, the keys they use) from
 * BouncyCastle, everything else (AES-GCM, HMAC, digests) from the JVM's providers.
 *
 * <p>Why split: on JDK 17 the JVM's ECDSA verification costs about 0.8 ms against BouncyCastle's 0.17 ms, and its
 * X25519 twice BouncyCastle's, while its AES-GCM runs on the CPU's AES instructions where BouncyCastle's is pure
 * Java. A tunnel handshake verifies two ECDSA signatures on each side, so in a reconnect storm the JVM's ECDSA
 * was a third of the broker's CPU (docs/benchmarks.md, "Handshake cryptography"); the records that follow are
 * all AES-GCM.
 */
final class TunnelCryptoHelper extends DefaultJcaJceHelper {

    private final JcaJceHelper publicKey;

    TunnelCryptoHelper(Provider bc) {
        this.publicKey = new ProviderJcaJceHelper(bc);
    }

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
        return fromBc(() -> publicKey.createSignature(algorithm));
    }

    @Override
    public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
        return fromBc(() -> publicKey.createKeyAgreement(algorithm));
    }

    @Override
    public KeyPairGenerator createKeyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        return fromBc(() -> publicKey.createKeyPairGenerator(algorithm));
    }

    @Override
    public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
        return fromBc(() -> publicKey.createKeyFactory(algorithm));
    }

    private interface Lookup<T> {
        T get() throws NoSuchAlgorithmException, NoSuchProviderException;
    }

    private static <T> T fromBc(Lookup<T> lookup) throws NoSuchAlgorithmException {
        try {
            return lookup.get();
        } catch (NoSuchProviderException e) {
            // A provider object, not a name: only a provider without the algorithm gets here.
            throw new NoSuchAlgorithmException(e.getMessage(), e);
        }
    }
}
