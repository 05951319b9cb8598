package dev.hoshu.cli.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.login.OwnerOnlyFiles;

/**
 * The engineer's SSH key pair in {@code $HOSHU_HOME/keys/id_ed25519}. It is made once by the system
 * {@code ssh-keygen}, so the private key is in the format the system {@code ssh} reads and never
 * passes through this process.
 */
public final class EngineerKey {

    private static final long KEYGEN_TIMEOUT_SECONDS = 30;

    private final Path keysDir;
    private final String keygenProgram;

    public EngineerKey(Path keysDir, String keygenProgram) {
        this.keysDir = keysDir;
        this.keygenProgram = keygenProgram;
    }

    public Path privateKey() {
        return keysDir.resolve("id_ed25519");
    }

    /** The public key line, creating the pair first if there is none. */
    public String ensurePublicKey() {
        Path publicKey = keysDir.resolve("id_ed25519.pub");
        try {
            OwnerOnlyFiles.createDirectory(keysDir);
            if (!Files.exists(privateKey())) {
                generate();
            }
            return Files.readString(publicKey, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BrokerCallFailed("cannot read or create the SSH key in " + keysDir + ": " + e.getMessage());
        }
    }

    private void generate() throws IOException {
        Process keygen = new ProcessBuilder(List.of(keygenProgram, "-q", "-t", "ed25519", "-N", "", "-C", "hoshu",
                "-f", privateKey().toString()))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keygen.waitFor(KEYGEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                keygen.destroyForcibly();
                throw new BrokerCallFailed("ssh-keygen did not finish within " + KEYGEN_TIMEOUT_SECONDS + " s");
            }
            if (keygen.exitValue() != 0) {
                throw new BrokerCallFailed("ssh-keygen failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            keygen.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BrokerCallFailed("interrupted while creating the SSH key");
        }
    }
}
