package dev.hoshu.report;

import dev.hoshu.access.Names;
import dev.hoshu.tools.KeyIds;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Checks a report file against its detached signature and the broker's published report key, with nothing but
 * the three files: the hospital needs no broker to tell whether a report it kept has changed.
 */
public final class ReportVerifier {

    /**
     * What the check found.
     *
     * @param message one line: {@code ok: signed by sha256:…} or what failed
     */
    public record Result(boolean valid, String message) {
    }

    private ReportVerifier() {
    }

    public static Result verify(byte[] content, byte[] signatureFile, PublicKey key) {
        ReportSignature signature;
        try {
            signature = ReportSignature.parse(signatureFile);
        } catch (IllegalArgumentException e) {
            return new Result(false, e.getMessage());
        }
        if (!ReportSignature.ED25519.equals(signature.algorithm())) {
            return new Result(false, "unsupported signature algorithm " + Names.quoted(signature.algorithm())
                    + "; reports are signed with Ed25519");
        }
        String keyId = KeyIds.of(key);
        if (!keyId.equals(signature.keyId())) {
            return new Result(false, "signed by key " + Names.printable(signature.keyId()) + ", not by the given key "
                    + keyId);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature.signature());
        } catch (IllegalArgumentException e) {
            return new Result(false, "not a report signature: the signature is not base64");
        }
        try {
            Signature verifier = Signature.getInstance(ReportSignature.ED25519);
            verifier.initVerify(key);
            verifier.update(content);
            if (verifier.verify(raw)) {
                return new Result(true, "ok: signed by " + keyId);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // An Ed25519 signature of the wrong length, or a key that is not Ed25519: not a valid signature.
            return new Result(false, "signature does not verify: " + e.getMessage());
        }
        return new Result(false, "signature does not verify: the file is not the one the broker signed");
    }
}
