package dev.hoshu.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The broker's settings ({@code hoshu.*}; {@code HOSHU_…} environment variables override them).
 *
 * @param roles which listeners this node runs: {@code tunnel}, {@code ssh}, {@code admin}
 * @param clockOffsetWarning a device clock further off than this is flagged in the ledger and logged
 * @param access             {@code hoshu.access.pending-lifetime}: how long a request waits for its approvals
 * @param bootstrap          a file ({@code file:…} or {@code classpath:…}) of organisations, contracts and policies
 *                           loaded once, when the broker starts with no organisations (docs/access-policy.md)
 */
@ConfigurationProperties("hoshu")
public record HoshuProperties(Path dataDir, String nodeName, Tunnel tunnel, Listener ssh, Duration joinTokenTtl,
                              Duration deviceCertTtl, Set<String> roles, Duration clockOffsetWarning, Access access,
                              String bootstrap) {

    /** Access requests. */
    public record Access(Duration pendingLifetime) {

        public Access {
            pendingLifetime = pendingLifetime == null ? Duration.ofHours(1) : pendingLifetime;
            if (pendingLifetime.compareTo(Duration.ofMinutes(1)) < 0 || pendingLifetime.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("hoshu.access.pending-lifetime must be from 1m to 7d, not "
                        + pendingLifetime);
            }
        }
    }

    /** A listening address. */
    public record Listener(String host, int port) {
    }

    /**
     * The tunnel listener and the names its certificate carries.
     *
     * @param handshakeTimeout        a peer that has not finished TLS by then is cut (and the refusal audited)
     * @param maxConcurrentHandshakes connections beyond this many unfinished handshakes wait in the lobby
     * @param allowTls12              also accept TLS 1.2 with ECDHE+AEAD suites, for old peers; off by default
     * @param lobbyWait               how long a connection may wait for room to start its handshake (55 s)
     * @param lobbySize               how many may wait at once (16,384; 0: none, closed at once as before)
     * @param descriptorReserve       descriptors the tunnel port leaves to the rest of the broker (256)
     * @param rehearsal               TLS handshakes and SSH logins rehearsed before the port opens (8 s; 0s: none)
     */
    public record Tunnel(String host, int port, List<String> serverNames, Duration handshakeTimeout,
                         int maxConcurrentHandshakes, boolean allowTls12, Duration lobbyWait, Integer lobbySize,
                         Integer descriptorReserve, Duration rehearsal) {

        public Tunnel {
            serverNames = serverNames == null || serverNames.isEmpty() ? List.of("localhost", "127.0.0.1")
                    : List.copyOf(serverNames);
        }
    }

    public HoshuProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        nodeName = nodeName == null || nodeName.isBlank() ? hostName() : nodeName;
        tunnel = tunnel == null ? new Tunnel("0.0.0.0", 7443, null, null, 0, false, null, null, null, null) : tunnel;
        ssh = ssh == null ? new Listener("0.0.0.0", 2222) : ssh;
        joinTokenTtl = joinTokenTtl == null ? Duration.ofHours(1) : joinTokenTtl;
        deviceCertTtl = deviceCertTtl == null ? Duration.ofHours(24) : deviceCertTtl;
        clockOffsetWarning = clockOffsetWarning == null ? Duration.ofSeconds(2) : clockOffsetWarning;
        access = access == null ? new Access(null) : access;
        bootstrap = bootstrap == null || bootstrap.isBlank() ? null : bootstrap.strip();
        roles = roles == null || roles.isEmpty() ? Set.of("tunnel", "ssh", "admin")
                : Set.copyOf(roles.stream().map(r -> r.strip().toLowerCase(Locale.ROOT)).toList());
    }

    public boolean runs(String role) {
        return roles.contains(role);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
