package dev.hoshu.broker.access;

import dev.hoshu.api.service.RefusedException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Reads the engineer's key from one OpenSSH public key line, accepting only key types strong enough to stand
 * behind a grant: Ed25519, ECDSA P-256, RSA of at least 3072 bits. Certificates and options are refused.
 */
final class EngineerKeys {

    static final int MAX_LINE_CHARS = 8 * 1024;
    static final int MIN_RSA_BITS = 3072;
    private static final Set<String> TYPES = Set.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa");
    private static final String ACCEPTED = "ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa of 3072+ bits";

    private EngineerKeys() {
    }

    static PublicKey parse(String line) {
        if (line == null || line.isBlank() || line.length() > MAX_LINE_CHARS || line.strip().contains("\n")
                || line.strip().contains("\r")) {
            throw RefusedException.badRequest("refused: publicKey must be one OpenSSH public key line");
        }
        String text = line.strip();
        String type = text.split("\\s+", 2)[0];
        if (!TYPES.contains(type)) {
            throw RefusedException.badRequest("refused: key type is not accepted (use " + ACCEPTED + ")");
        }
        PublicKey key;
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(text);
            if (entry == null || (entry.getLoginOptions() != null && !entry.getLoginOptions().isEmpty())) {
                throw new IllegalArgumentException("options are not allowed");
            }
            key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (Exception e) {
            throw RefusedException.badRequest("refused: publicKey is not a valid OpenSSH public key line");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw RefusedException.badRequest("refused: RSA key of " + rsa.getModulus().bitLength()
                    + " bits is too short (at least " + MIN_RSA_BITS + ")");
        }
        return key;
    }
}
