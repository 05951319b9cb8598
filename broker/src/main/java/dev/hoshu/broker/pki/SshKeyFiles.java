package dev.hoshu.broker.pki;

import dev.hoshu.tunnel.pki.PemFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * ECDSA P-256 SSH key pairs kept in OpenSSH's own private key format, so operators can inspect them with
 * {@code ssh-keygen -y -f}.
 */
final class SshKeyFiles {

    private SshKeyFiles() {
    }

    static KeyPair loadOrCreate(Path file, String comment) throws IOException {
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()),
                            in, null);
                    Iterator<KeyPair> first = keys == null ? null : keys.iterator();
                    if (first == null || !first.hasNext()) {
                        throw new IOException(file + " holds no SSH key pair");
                    }
                    return first.next();
                }
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, comment, null, out);
            PemFiles.writeAtomically(file, out.toString(StandardCharsets.US_ASCII), true);
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IOException("SSH key " + file + ": " + e.getMessage(), e);
        }
    }
}
