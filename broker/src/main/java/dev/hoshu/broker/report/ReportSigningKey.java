package dev.hoshu.broker.report;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * The broker's Ed25519 key that signs repair reports, kept apart from the recording seal key so each can be
 * rotated or handed to an auditor on its own. Created on first use, owner-only.
 */
public final class ReportSigningKey {

    static final String FILE = "report-signing.key";

    private final KeyPair key;

    private ReportSigningKey(KeyPair key) {
        this.key = key;
    }

    public static ReportSigningKey openOrCreate(Path pkiDir) throws IOException {
        Path file = pkiDir.resolve(FILE);
        if (Files.exists(file)) {
            PrivateKey privateKey = Pem.readPrivateKey(file);
            return new ReportSigningKey(new KeyPair(Ed25519Keys.publicKeyOf(privateKey), privateKey));
        }
        KeyPair created = Ed25519Keys.generate();
        Files.createDirectories(pkiDir);
        PemFiles.writeAtomically(file, Pem.privateKeyPem(created.getPrivate()), true);
        return new ReportSigningKey(created);
    }

    public KeyPair keyPair() {
        return key;
    }

    public String id() {
        return KeyIds.of(key.getPublic());
    }

    public String publicKeyPem() {
        return Pem.publicKeyPem(key.getPublic());
    }
}
