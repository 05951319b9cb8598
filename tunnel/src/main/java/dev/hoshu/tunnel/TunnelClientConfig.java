package dev.hoshu.tunnel;

import dev.hoshu.tunnel.tls.TunnelTls;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The agent's tunnel settings: where the broker is, the device key and certificate chain, the device CAs it
 * trusts for the broker (the one pinned at enrollment; two during a rotation), how long a silent tunnel is kept, and the redial backoff.
 */
public record TunnelClientConfig(String host, int port, PrivateKey key, List<X509Certificate> chain,
        List<X509Certificate> trustedCas, Duration readIdleTimeout, Duration handshakeTimeout, Duration backoffBase,
        Duration backoffCap) {

    /** The broker's keepalives come every 15 s; three missed ones mean the tunnel is dead. */
    public static final Duration DEFAULT_READ_IDLE_TIMEOUT = Duration.ofSeconds(45);

    public TunnelClientConfig {
        if (host == null || host.isBlank() || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("tunnel client needs the broker as host:port");
        }
        if (key == null || chain == null || chain.isEmpty() || trustedCas == null || trustedCas.isEmpty()) {
            throw new IllegalArgumentException("tunnel client needs the device key, certificate and pinned CA");
        }
        chain = List.copyOf(chain);
        trustedCas = List.copyOf(trustedCas);
        readIdleTimeout = orDefault(readIdleTimeout, DEFAULT_READ_IDLE_TIMEOUT);
        handshakeTimeout = orDefault(handshakeTimeout, TunnelTls.DEFAULT_CLIENT_HANDSHAKE_TIMEOUT);
        backoffBase = orDefault(backoffBase, Backoff.DEFAULT_BASE);
        backoffCap = orDefault(backoffCap, Backoff.DEFAULT_CAP);
    }

    /** Defaults: 45 s read idle, 60 s for the broker's TLS answer, backoff 1 s doubling to 12 min. */
    public TunnelClientConfig(String host, int port, PrivateKey key, List<X509Certificate> chain,
            X509Certificate pinnedCa) {
        this(host, port, key, chain, List.of(pinnedCa), null, null, null, null);
    }

    public String broker() {
        return host + ":" + port;
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }
}
