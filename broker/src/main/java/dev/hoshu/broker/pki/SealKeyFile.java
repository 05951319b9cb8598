package dev.hoshu.broker.pki;

import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.Pem;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;

/** The Ed25519 key that seals recordings ({@code recording-seal.key}, PKCS#8 PEM). */
final class SealKeyFile {

    private SealKeyFile() {
    }

    static KeyPair loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            PrivateKey key = Pem.readPrivateKey(file);
            return new KeyPair(Ed25519Keys.publicKeyOf(key), key);
        }
        KeyPair keys = Ed25519Keys.generate();
        PemFiles.writeAtomically(file, Pem.privateKeyPem(keys.getPrivate()), true);
        return keys;
    }
}
