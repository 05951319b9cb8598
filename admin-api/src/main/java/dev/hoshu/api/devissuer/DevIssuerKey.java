package dev.hoshu.api.devissuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;

/** The issuer's RSA 2048 signing key: fresh per run, or kept in a JWK file so tokens outlive a restart. */
final class DevIssuerKey {

    private DevIssuerKey() {
    }

    static RSAKey loadOrCreate(Path keyFile) {
        try {
            if (keyFile == null) {
                return generate();
            }
            if (Files.exists(keyFile)) {
                return RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            }
            RSAKey key = generate();
            writeOwnerOnly(keyFile, key.toJSONString());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("dev issuer key file " + keyFile + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalStateException("dev issuer key file " + keyFile + " is not an RSA JWK", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the dev issuer key", e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".dev-issuer", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
