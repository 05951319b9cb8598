package dev.hoshu.bench.openssh;

import java.nio.file.Path;

/**
 * The sshd_config of a benchmark server: loopback only, keys only, nothing read from the system's
 * own sshd setup, and limits high enough that the server is not the bottleneck being measured.
 */
public record SshdConfig(SshdRole role, int port, Path hostKey, Path authorizedKeys, Path pidFile) {

    public String render() {
        return String.join("\n",
                "# Written by the Hoshu benchmark harness for one run; " + role.label() + " role.",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey.toAbsolutePath(),
                "PidFile " + pidFile.toAbsolutePath(),
                "AuthorizedKeysFile " + authorizedKeys.toAbsolutePath(),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                // The temp dir is the harness's own; sshd's ownership checks would only reject it.
                "StrictModes no",
                "AllowTcpForwarding " + (role.forwardsTcp() ? "yes" : "no"),
                "AllowAgentForwarding no",
                "X11Forwarding no",
                "PermitTunnel no",
                "PermitUserEnvironment no",
                "PrintMotd no",
                "PrintLastLog no",
                "UseDNS no",
                "LogLevel ERROR",
                // Defaults (10:30:100) would drop connections that the benchmark opens on purpose.
                "MaxStartups 300",
                "MaxSessions 20",
                "");
    }
}
