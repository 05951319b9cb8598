package dev.hoshu.tunnel;

import dev.hoshu.tunnel.tls.TunnelTls;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The tunnel server's settings. {@code chain} is the server certificate first; the device CA is
 * appended when missing, because enrolling agents check the chain against the CA's pin. A connection that finds no
 * room for its handshake waits up to {@code lobbyWait} among at most {@code lobbySize} others (0: none waits).
 */
public record TunnelServerConfig(String bindHost, int port, PrivateKey key, List<X509Certificate> chain,
        X509Certificate deviceCa, Duration handshakeTimeout, int maxConcurrentHandshakes, boolean allowTls12,
        Duration lobbyWait, int lobbySize) {

    /**
     * Eight unfinished handshakes per core, at least 16: what a node finishes well within the handshake timeout. A
     * fixed 256 on two cores let a reconnect storm of 2,000 agents start more handshakes than could finish, so none
     * did for minutes (docs/benchmarks.md); connections beyond it wait in the lobby.
     */
    public static final int DEFAULT_MAX_CONCURRENT_HANDSHAKES = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());

    /**
     * How long a connection may wait for room to start its handshake. Agents wait 40 s for the TLS answer
     * ({@link TunnelTls#DEFAULT_CLIENT_HANDSHAKE_TIMEOUT}): this plus the handshake timeout, with room to spare.
     */
    public static final Duration DEFAULT_LOBBY_WAIT = Duration.ofSeconds(20);

    /** Connections waiting at once: a descriptor and a few hundred bytes each; beyond it they are closed at once. */
    public static final int DEFAULT_LOBBY_SIZE = 4096;

    public TunnelServerConfig {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("tunnel server needs a bind host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("tunnel server port must be 0-65535, not " + port);
        }
        if (key == null || chain == null || chain.isEmpty() || deviceCa == null) {
            throw new IllegalArgumentException("tunnel server needs its key, its certificate chain and the device CA");
        }
        chain = chain.contains(deviceCa) ? List.copyOf(chain) : append(chain, deviceCa);
        handshakeTimeout = handshakeTimeout == null ? TunnelTls.DEFAULT_HANDSHAKE_TIMEOUT : handshakeTimeout;
        maxConcurrentHandshakes = maxConcurrentHandshakes <= 0 ? DEFAULT_MAX_CONCURRENT_HANDSHAKES
                : maxConcurrentHandshakes;
        lobbyWait = lobbyWait == null || lobbyWait.isNegative() ? DEFAULT_LOBBY_WAIT : lobbyWait;
        lobbySize = lobbySize < 0 ? DEFAULT_LOBBY_SIZE : lobbySize;
    }

    /** The lobby's defaults: connections wait up to 20 s for room, at most 4,096 of them. */
    public TunnelServerConfig(String bindHost, int port, PrivateKey key, List<X509Certificate> chain,
            X509Certificate deviceCa, Duration handshakeTimeout, int maxConcurrentHandshakes, boolean allowTls12) {
        this(bindHost, port, key, chain, deviceCa, handshakeTimeout, maxConcurrentHandshakes, allowTls12, null, -1);
    }

    /**
     * Defaults: handshake timeout 10 s, eight concurrent handshakes per core (at least 16), TLS 1.3 only, the
     * lobby's defaults.
     */
    public TunnelServerConfig(String bindHost, int port, PrivateKey key, List<X509Certificate> chain,
            X509Certificate deviceCa) {
        this(bindHost, port, key, chain, deviceCa, null, 0, false, null, -1);
    }

    private static List<X509Certificate> append(List<X509Certificate> chain, X509Certificate ca) {
        var all = new java.util.ArrayList<>(chain);
        all.add(ca);
        return List.copyOf(all);
    }
}
