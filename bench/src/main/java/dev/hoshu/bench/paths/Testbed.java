package dev.hoshu.bench.paths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.hoshu.GrantCredentials;
import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.openssh.OpenSshServer;
import dev.hoshu.bench.openssh.SshKeys;
import dev.hoshu.bench.openssh.SshdRole;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tools.ToolFolders;

/**
 * Everything one benchmark run talks to, started on loopback in a work folder: the device sshd,
 * the bastion sshd, the Hoshu broker and agent, and the client config that reaches each. Closing it
 * stops everything it started.
 */
public final class Testbed implements AutoCloseable {

    /** The OpenSSH paths log in as whoever runs the bench; sshd can switch to no one else unprivileged. */
    private static final String LOGIN_USER = System.getProperty("user.name");

    private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<SshPath> paths = new ArrayList<>();
    private HoshuSystem hoshu;

    /**
     * Starts the wanted paths; if one fails, what was started is stopped again.
     *
     * @param projectRoot the Hoshu checkout (for bin/hoshu and the jars)
     * @param quickstart  the launcher that starts Hoshu, normally bin/quickstart
     */
    public static Testbed start(Set<PathName> wanted, Path workDir, Path projectRoot, Path quickstart,
                                Progress progress) {
        Testbed testbed = new Testbed();
        testbed.open(wanted, workDir, projectRoot, quickstart, progress);
        return testbed;
    }

    /**
     * Like {@link #start} on a testbed made beforehand, so that whoever holds it (a shutdown hook
     * for Ctrl-C) can stop what is already running while the slow parts still start.
     */
    public void open(Set<PathName> wanted, Path workDir, Path projectRoot, Path quickstart, Progress progress) {
        try {
            build(wanted, workDir, projectRoot, quickstart, progress);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void build(Set<PathName> wanted, Path workDir, Path projectRoot, Path quickstart, Progress progress) {
        ToolFolders tools = new ToolFolders(workDir.resolve("tools"));
        tools.writeAll();
        Path clientDir = directory(workDir.resolve("client"));
        SshKeys clientKey = SshKeys.generate(clientDir.resolve("id_ed25519"), "bench-client");
        Path knownHosts = clientDir.resolve("known_hosts");
        Path configFile = clientDir.resolve("ssh_config");
        ClientConfig config = new ClientConfig(knownHosts);
        List<String> knownHostsLines = new ArrayList<>();

        if (wanted.contains(PathName.DIRECT) || wanted.contains(PathName.PROXYJUMP)) {
            OpenSshServer device = own(OpenSshServer.start(SshdRole.DEVICE, workDir.resolve("device"), clientKey.publicKey()));
            progress.detail("device: " + device.describe());
            knownHostsLines.add(device.knownHostsLine());
            if (wanted.contains(PathName.DIRECT)) {
                config.host("device", device.port(), LOGIN_USER, clientKey.privateKey(), null, null);
                paths.add(new SshPath(PathName.DIRECT, configFile, "device", tools));
            }
            if (wanted.contains(PathName.PROXYJUMP)) {
                OpenSshServer bastion = own(OpenSshServer.start(SshdRole.BASTION, workDir.resolve("bastion"),
                        clientKey.publicKey()));
                progress.detail("bastion: " + bastion.describe());
                knownHostsLines.add(bastion.knownHostsLine());
                config.host("bastion", bastion.port(), LOGIN_USER, clientKey.privateKey(), null, null);
                config.host("device-via-bastion", device.port(), LOGIN_USER, clientKey.privateKey(), null, "bastion");
                paths.add(new SshPath(PathName.PROXYJUMP, configFile, "device-via-bastion", tools));
            }
        }
        if (wanted.contains(PathName.HOSHU)) {
            progress.detail("hoshu: starting broker and agent " + HoshuSystem.DEVICE + " with bin/quickstart");
            hoshu = own(HoshuSystem.launch(projectRoot, quickstart, workDir, tools));
            hoshu.awaitRunning(progress);
            progress.detail("hoshu: running; broker pid " + hoshu.broker().pid() + ", agent pid " + hoshu.agent().pid()
                    + ", logs " + hoshu.logsDir());
            GrantCredentials grant = hoshu.grantForBenchTools(progress);
            knownHostsLines.addAll(hoshu.knownHostsLines());
            config.host("hoshu", hoshu.sshPort(), HoshuSystem.DEVICE, grant.privateKey(), grant.certificate(), null);
            paths.add(new SshPath(PathName.HOSHU, configFile, "hoshu", tools));
        }
        write(knownHosts, String.join("\n", knownHostsLines) + "\n");
        write(configFile, config.render());
        paths.sort(Comparator.comparing(SshPath::name));
    }

    public List<SshPath> paths() {
        return Collections.unmodifiableList(paths);
    }

    public Optional<HoshuSystem> hoshu() {
        return Optional.ofNullable(hoshu);
    }

    private synchronized <T extends AutoCloseable> T own(T resource) {
        started.add(resource);
        return resource;
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new PathFailure("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PathFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(i), e.toString());
            }
        }
        started.clear();
    }
}
