package dev.hoshu.tools;

import java.security.PublicKey;
import java.util.Base64;

/** Names a public key by its content, so a key id cannot be claimed by a different key. */
public final class KeyIds {

    private KeyIds() {
    }

    /** {@code sha256:} + unpadded base64url of SHA-256 over the key's DER SubjectPublicKeyInfo. */
    public static String of(PublicKey key) {
        return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.digest(key.getEncoded()));
    }
}
