package dev.hoshu.tunnel;

import dev.hoshu.tunnel.tls.HandshakeRehearsal;
import dev.hoshu.tunnel.tls.TunnelTls;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The tunnel server's settings. {@code chain} is the server certificate first; the device CA is
 * appended when missing, because enrolling agents check the chain against the CA's pin. A connection that finds no
 * room for its handshake waits up to {@code lobbyWait} among at most {@code lobbySize} others (0: none waits). The
 * port holds at most as many connections as the process may open files, less {@code descriptorReserve} kept for
 * everything else the broker opens. Before the port opens, the server rehearses TLS handshakes in memory, and its
 * listener what follows them, for {@code rehearsal} (zero: none), so that the first agents meet compiled code, not
 * a cold JVM.
 */
public record TunnelServerConfig(String bindHost, int port, PrivateKey key, List<X509Certificate> chain,
        X509Certificate deviceCa, Duration handshakeTimeout, int maxConcurrentHandshakes, boolean allowTls12,
        Duration lobbyWait, int lobbySize, int descriptorReserve, Duration rehearsal) {

    /**
     * Eight unfinished handshakes per core, at least 16: what a node finishes well within the handshake timeout. A
     * fixed 256 on two cores let a reconnect storm of 2,000 agents start more handshakes than could finish, so none
     * did for minutes (docs/benchmarks.md); connections beyond it wait in the lobby.
     */
    public static final int DEFAULT_MAX_CONCURRENT_HANDSHAKES = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());

    /**
     * How long a connection may wait for room to start its handshake: 5 s less than agents wait for the TLS answer
     * ({@link TunnelTls#DEFAULT_CLIENT_HANDSHAKE_TIMEOUT}), 50 times what a handshake takes once it has room. As
     * long as a storm of a node's size lasts, so that the fleet is served on its first connection: a fleet that
     * waited out the lobby was closed on together, and its redials stalled the node for seconds (after 25 s at
     * first, and after 45 s for the last 2,000 of a 10,000-agent storm).
     */
    public static final Duration DEFAULT_LOBBY_WAIT = Duration.ofSeconds(55);

    /**
     * Connections waiting at once, beyond which they are closed at once: enough for a whole fleet of a node's size
     * to wait once in a reconnect storm instead of dialing again and again (4,096 turned most of a 10,000-agent storm
     * away at first). Each costs a descriptor, which the descriptor reserve bounds, and a few kilobytes of heap.
     */
    public static final int DEFAULT_LOBBY_SIZE = 16_384;

    /**
     * Descriptors the tunnel port leaves to the rest of the broker (its listeners, state and audit files, sessions'
     * recordings): a node with 19,400 tunnels had 210 others open.
     */
    public static final int DEFAULT_DESCRIPTOR_RESERVE = 256;

    /**
     * How long a starting broker rehearses handshakes ({@link HandshakeRehearsal}) and logins
     * ({@link TunnelListener#rehearse}) before its tunnel port opens. In memory, one thread doing both ends of a
     * handshake reaches about 55 % of its final rate after 5 s and 80 % after 8 s on this project's 2-core
     * machines. A restarted broker meets its whole fleet at once: with the rehearsals it brought back 1,720–1,830
     * of 10,000 agents in the first 20 s after its port opened, against 1,479 without; on two shared cores that is
     * about what the later port costs (docs/benchmarks.md).
     */
    public static final Duration DEFAULT_REHEARSAL = Duration.ofSeconds(8);

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
        descriptorReserve = descriptorReserve < 0 ? DEFAULT_DESCRIPTOR_RESERVE : descriptorReserve;
        rehearsal = rehearsal == null ? DEFAULT_REHEARSAL : rehearsal;
        if (rehearsal.isNegative()) {
            throw new IllegalArgumentException("tunnel server rehearsal must not be negative, not " + rehearsal);
        }
    }

    /**
     * The lobby's defaults and no rehearsal: the short forms are for servers embedded in tests and tools, which
     * meet no fleet.
     */
    public TunnelServerConfig(String bindHost, int port, PrivateKey key, List<X509Certificate> chain,
            X509Certificate deviceCa, Duration handshakeTimeout, int maxConcurrentHandshakes, boolean allowTls12) {
        this(bindHost, port, key, chain, deviceCa, handshakeTimeout, maxConcurrentHandshakes, allowTls12, null, -1, -1,
                Duration.ZERO);
    }

    /**
     * Defaults: handshake timeout 10 s, eight concurrent handshakes per core (at least 16), TLS 1.3 only, the
     * lobby's defaults; no rehearsal.
     */
    public TunnelServerConfig(String bindHost, int port, PrivateKey key, List<X509Certificate> chain,
            X509Certificate deviceCa) {
        this(bindHost, port, key, chain, deviceCa, null, 0, false, null, -1, -1, Duration.ZERO);
    }

    private static List<X509Certificate> append(List<X509Certificate> chain, X509Certificate ca) {
        var all = new java.util.ArrayList<>(chain);
        all.add(ca);
        return List.copyOf(all);
    }
}
