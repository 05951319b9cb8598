package dev.hoshu.tunnel.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** The pin of a CA certificate: base64url (no padding) of the SHA-256 of its DER encoding. */
public final class CaPins {

    private CaPins() {
    }

    public static String of(X509Certificate ca) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot pin certificate: " + e.getMessage(), e);
        }
    }

    /** Compares in constant time so a pin cannot be guessed byte by byte from timing. */
    public static boolean matches(X509Certificate ca, String pin) {
        return MessageDigest.isEqual(of(ca).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                pin.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
