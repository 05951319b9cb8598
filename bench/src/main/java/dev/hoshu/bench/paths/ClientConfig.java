package dev.hoshu.bench.paths;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ssh_config every path uses, so the three differ only in where they go. It is passed with
 * {@code -F}, which also reaches the {@code ssh -W} that ProxyJump spawns, so the user's own
 * ~/.ssh/config never changes a figure.
 */
public final class ClientConfig {

    private final Path knownHosts;
    private final List<String> hosts = new ArrayList<>();

    public ClientConfig(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    public ClientConfig host(String alias, int port, String user, Path identity, Path certificate, String proxyJump) {
        List<String> lines = new ArrayList<>(List.of(
                "Host " + alias,
                "  HostName 127.0.0.1",
                "  Port " + port,
                "  User " + user,
                "  IdentityFile " + quoted(identity)));
        if (certificate != null) {
            lines.add("  CertificateFile " + quoted(certificate));
        }
        if (proxyJump != null) {
            lines.add("  ProxyJump " + proxyJump);
        }
        hosts.add(String.join("\n", lines));
        return this;
    }

    public String render() {
        List<String> all = new ArrayList<>(hosts);
        all.add(String.join("\n",
                "Host *",
                "  UserKnownHostsFile " + quoted(knownHosts),
                "  GlobalKnownHostsFile /dev/null",
                "  StrictHostKeyChecking yes",
                "  UpdateHostKeys no",
                "  IdentitiesOnly yes",
                "  IdentityAgent none",
                "  BatchMode yes",
                "  PasswordAuthentication no",
                "  KbdInteractiveAuthentication no",
                "  ControlMaster no",
                "  ControlPath none",
                "  Compression no",
                "  ForwardAgent no",
                "  ForwardX11 no",
                "  RequestTTY no",
                "  ConnectTimeout 20",
                "  LogLevel ERROR"));
        return String.join("\n\n", all) + "\n";
    }

    /** ssh_config values: quoted for spaces, '%' doubled so ssh does not expand tokens in them. */
    private static String quoted(Path path) {
        return "\"" + path.toAbsolutePath().toString().replace("%", "%%") + "\"";
    }
}
