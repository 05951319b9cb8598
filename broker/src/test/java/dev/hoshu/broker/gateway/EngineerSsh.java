package dev.hoshu.broker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/** The engineer's real OpenSSH client ({@code /usr/bin/ssh}, keys from {@code ssh-keygen}). */
final class EngineerSsh {

    private final Path dir;
    private final int port;
    private final Path knownHosts;

    EngineerSsh(Path dir, int port, PublicKey gatewayHostKey) throws IOException {
        this.dir = dir;
        this.port = port;
        this.knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(gatewayHostKey) + "\n");
    }

    /** A new ed25519 key pair; returns the private key file. */
    Path newKey(String name) throws Exception {
        Path key = dir.resolve(name);
        int exit = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("ssh-keygen failed with " + exit);
        }
        return key;
    }

    static PublicKey publicKeyOf(Path key) throws Exception {
        String line = Files.readString(Path.of(key + ".pub")).trim();
        return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }

    static Path writeCertificate(Path key, String certificateLine) throws IOException {
        Path cert = Path.of(key + "-cert.pub");
        Files.writeString(cert, certificateLine + "\n");
        return cert;
    }

    Process start(Path key, String user, String... command) throws IOException {
        return start(key, List.of(), user, command);
    }

    Process start(Path key, List<String> options, String user, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-T"));
        argv.addAll(options);
        argv.add(user + "@127.0.0.1");
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).start();
    }

    SshRun run(Path key, String user, String... command) throws Exception {
        return finish(start(key, user, command), null);
    }

    SshRun runWithInput(Path key, String input, String user, String... command) throws Exception {
        return finish(start(key, user, command), input);
    }

    static SshRun finish(Process ssh, String input) throws Exception {
        if (input != null) {
            ssh.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        ssh.getOutputStream().close();
        var out = ssh.getInputStream();
        var err = ssh.getErrorStream();
        var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
        var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
        if (!ssh.waitFor(60, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            throw new AssertionError("ssh did not finish within 60 s");
        }
        return new SshRun(ssh.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    /** What the engineer saw: exit status, stdout, stderr. */
    record SshRun(int exit, String stdout, String stderr) {

        List<String> stderrLines() {
            return stderr.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
