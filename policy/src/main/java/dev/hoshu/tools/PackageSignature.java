package dev.hoshu.tools;

import dev.hoshu.access.Names;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * A package's detached signature: a file {@code <package>.jws} beside it, the same detached JWS (EdDSA) a
 * manifest carries, over the package's bytes. A package is placed on a device only once this verifies.
 */
public final class PackageSignature {

    public static final String SUFFIX = ".jws";
    /** Packages are verified in memory (Ed25519 signs the whole message); larger ones are refused. */
    public static final long MAX_PACKAGE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_SIGNATURE_BYTES = 8 * 1024;

    private PackageSignature() {
    }

    public static String sign(byte[] packageBytes, PrivateKey key) {
        return ManifestSigner.sign(packageBytes, key);
    }

    /**
     * @param named how the refusal names the package, e.g. {@code package 'fw-2.1.tar'}
     * @throws ToolRefusedException with one line when it does not verify with a trusted key
     */
    public static String verify(String named, byte[] packageBytes, byte[] signature, TrustedKeys trust)
            throws ToolRefusedException {
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw new ToolRefusedException("refused: " + named + " signature is larger than " + MAX_SIGNATURE_BYTES
                    + " bytes");
        }
        DetachedJws jws;
        try {
            jws = DetachedJws.parse(new String(signature, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new ToolRefusedException("refused: " + named + " signature " + e.getMessage());
        }
        if (!"EdDSA".equals(jws.alg())) {
            throw new ToolRefusedException("refused: " + named + " signature uses alg " + Names.quoted(jws.alg())
                    + "; only EdDSA is accepted");
        }
        Optional<PublicKey> key = trust.find(jws.kid());
        if (key.isEmpty()) {
            throw new ToolRefusedException("refused: " + named + " is signed by an untrusted key "
                    + Names.printable(jws.kid()));
        }
        if (!jws.verifies(packageBytes, key.get())) {
            throw new ToolRefusedException("refused: " + named + " signature does not verify (package changed since "
                    + "signing, or the signature belongs to another package)");
        }
        return jws.kid();
    }
}
