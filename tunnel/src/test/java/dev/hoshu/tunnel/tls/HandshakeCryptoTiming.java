package dev.hoshu.tunnel.tls;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

/**
 * What a tunnel handshake's public-key operations cost on the running JDK, from the JVM's providers and from
 * BouncyCastle: the figures behind {@link TunnelCryptoHelper}'s split (docs/benchmarks.md, "Handshake
 * cryptography"). A measurement, not a test (its name keeps it out of the default run):
 * {@code mvn -q -B -pl tunnel -am test -Dhoshu.fuzz.skip=true -Dtest=HandshakeCryptoTiming
 * -Dsurefire.failIfNoSpecifiedTests=false}, figures on standard output.
 */
class HandshakeCryptoTiming {

    private static final int OPERATIONS = 2_000;
    private static final int ROUNDS = 5;

    private interface Operation {
        void run() throws Exception;
    }

    @Test
    void ecdsaAndX25519FromEachProvider() throws Exception {
        Provider jvmEc = Security.getProvider("SunEC");
        Provider bc = Providers.bc();
        System.out.printf(Locale.ROOT, "Java %s, median of %d rounds of %d operations, µs per operation%n",
                System.getProperty("java.version"), ROUNDS, OPERATIONS);
        for (Provider provider : new Provider[] {jvmEc, bc}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair device = generator.generateKeyPair();
            byte[] transcript = new byte[130];
            Signature signer = Signature.getInstance("SHA256withECDSA", provider);
            signer.initSign(device.getPrivate());
            signer.update(transcript);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
            KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519", provider);
            KeyPair peer = x25519.generateKeyPair();

            double sign = median(() -> {
                signer.initSign(device.getPrivate());
                signer.update(transcript);
                signer.sign();
            });
            double verify = median(() -> {
                verifier.initVerify(device.getPublic());
                verifier.update(transcript);
                if (!verifier.verify(signature)) {
                    throw new IllegalStateException("signature did not verify");
                }
            });
            double agree = median(() -> {
                KeyAgreement agreement = KeyAgreement.getInstance("X25519", provider);
                agreement.init(x25519.generateKeyPair().getPrivate());
                agreement.doPhase(peer.getPublic(), true);
                agreement.generateSecret();
            });
            System.out.printf(Locale.ROOT, "%-6s P-256 ECDSA sign %6.0f  verify %6.0f  X25519 key pair + agreement %6.0f%n",
                    provider.getName(), sign, verify, agree);
        }
    }

    private static double median(Operation operation) throws Exception {
        double[] rounds = new double[ROUNDS];
        for (int warmUp = 0; warmUp < OPERATIONS; warmUp++) {
            operation.run();
        }
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < OPERATIONS; i++) {
                operation.run();
            }
            rounds[round] = (System.nanoTime() - start) / 1_000.0 / OPERATIONS;
        }
        Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }
}
