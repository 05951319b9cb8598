package dev.hoshu.broker.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/** The gateway's host key: an Ed25519 key generated on first start and kept owner-only on disk. */
final class GatewayHostKey {

    private GatewayHostKey() {
    }

    static KeyPairProvider at(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of host key " + file, e);
        }
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        provider.setAlgorithm(SecurityUtils.EDDSA);
        provider.setKeySize(256);
        // MINA creates the empty file, restricts it to the owner, and only then writes the key into it.
        provider.setStrictFilePermissions(true);
        provider.setOverwriteAllowed(false);
        // Generated now, so a key that cannot be made stops the broker at start, not each engineer at login.
        try {
            if (!provider.loadKeys(null).iterator().hasNext()) {
                throw new IllegalStateException("no host key in " + file);
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot create or read the gateway host key " + file + ": " + e, e);
        }
        return provider;
    }
}
