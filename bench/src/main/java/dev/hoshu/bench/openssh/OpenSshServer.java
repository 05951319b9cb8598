package dev.hoshu.bench.openssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.FreePort;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;

/** One {@code sshd -D -e -f CONFIG} on 127.0.0.1 with everything it needs in its own folder. */
public final class OpenSshServer implements AutoCloseable {

    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path PRIVILEGE_SEPARATION_DIR = Path.of("/run/sshd");
    private static final Duration START_LIMIT = Duration.ofSeconds(20);

    private final SshdRole role;
    private final int port;
    private final SshKeys hostKey;
    private final Path log;
    private final Process process;

    private OpenSshServer(SshdRole role, int port, SshKeys hostKey, Path log, Process process) {
        this.role = role;
        this.port = port;
        this.hostKey = hostKey;
        this.log = log;
        this.process = process;
    }

    /**
     * @param authorizedKey the only public key that may log in (as the user running the harness)
     * @throws PathFailure if sshd is missing, rejects its config, or does not listen in time
     */
    public static OpenSshServer start(SshdRole role, Path folder, String authorizedKey) {
        if (!Files.isExecutable(SSHD)) {
            throw new PathFailure(role.label() + ": " + SSHD + " is missing; install it: apt-get install -y openssh-server");
        }
        try {
            Files.createDirectories(folder);
            ensurePrivilegeSeparationDir();
            SshKeys hostKey = SshKeys.generate(folder.resolve("ssh_host_ed25519_key"), "bench-" + role.label());
            Path authorizedKeys = folder.resolve("authorized_keys");
            Files.writeString(authorizedKeys, authorizedKey + "\n", StandardCharsets.UTF_8);
            int port = FreePort.onLoopback();
            SshdConfig config = new SshdConfig(role, port, hostKey.privateKey(), authorizedKeys, folder.resolve("sshd.pid"));
            Path configFile = folder.resolve("sshd_config");
            Files.writeString(configFile, config.render(), StandardCharsets.UTF_8);
            ExternalCommand.require(role.label() + " sshd config check",
                    List.of(SSHD.toString(), "-t", "-f", configFile.toString()), START_LIMIT);
            Path log = folder.resolve("sshd.log");
            Process process = ExternalCommand.start(ExternalCommand
                    .prepare(List.of(SSHD.toString(), "-D", "-e", "-f", configFile.toString()), Map.of())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(ExternalCommand.DEV_NULL)));
            OpenSshServer server = new OpenSshServer(role, port, hostKey, log, process);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new PathFailure(role.label() + " sshd: cannot prepare " + folder + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public SshdRole role() {
        return role;
    }

    /** The line for a known_hosts file that pins this server's host key. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + hostKey.publicKey();
    }

    public long pid() {
        return process.pid();
    }

    private void awaitListening() {
        boolean up = Deadline.in(START_LIMIT).await(() -> !process.isAlive() || FreePort.isListening(port));
        if (!process.isAlive() || !up) {
            close();
            throw new PathFailure(role.label() + " sshd did not start on 127.0.0.1:" + port + ": " + lastLogLine());
        }
    }

    private String lastLogLine() {
        try {
            return OneLine.lastOf(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "no log at " + log;
        }
    }

    /** sshd refuses to start without it; the Debian package makes it only when its own service runs. */
    private static void ensurePrivilegeSeparationDir() throws IOException {
        if (!Files.isDirectory(PRIVILEGE_SEPARATION_DIR)) {
            Files.createDirectories(PRIVILEGE_SEPARATION_DIR);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        // sshd -D has forked one child per open connection; stop them with it.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** For failure messages about this server. */
    public String describe() {
        return role.label() + " sshd on 127.0.0.1:" + port + " (log " + log + ")";
    }
}
