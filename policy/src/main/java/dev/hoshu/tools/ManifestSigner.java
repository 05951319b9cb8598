package dev.hoshu.tools;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs a manifest's exact bytes as a detached JWS (RFC 7515 Appendix F) with EdDSA over Ed25519: the
 * manifest stays readable JSON next to its {@code manifest.json.jws}.
 */
public final class ManifestSigner {

    private ManifestSigner() {
    }

    /**
     * @param key an Ed25519 private key; its public half must be supplied so the header can name it
     * @return {@code B64URL(header)..B64URL(signature)}
     */
    public static String sign(byte[] manifestJson, PrivateKey key, PublicKey publicKey) {
        String header = DetachedJws.header(KeyIds.of(publicKey));
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(DetachedJws.signingInput(header, manifestJson));
            return header + ".." + DetachedJws.base64Url(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: manifests are signed with Ed25519", e);
        }
    }

    /** Signs with the key whose public half is derived from the private key itself. */
    public static String sign(byte[] manifestJson, PrivateKey key) {
        return sign(manifestJson, key, Ed25519Keys.publicKeyOf(key));
    }
}
