package dev.hoshu.tunnel.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts and Netty handlers for the tunnel port. TLS 1.3 only, BCJSSE, and ALPN
 * {@value #ALPN} on both ends, so a stray HTTPS client or an old agent is refused early.
 */
public final class TunnelTls {

    public static final String ALPN = "hoshu-tunnel/1";
    /** The broker's limit on a handshake once started, and the agent's on a TCP connect. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long an agent waits for the broker's TLS answer after connecting: a broker with no room for another
     * handshake lets a connection wait up to 55 s before its handshake (the tunnel port's lobby).
     */
    public static final Duration DEFAULT_CLIENT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /** AES-GCM only: the JVM's provider runs it on the CPU's AES instructions; ChaCha20 would be pure Java. */
    private static final String[] SUITES = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"};
    /** The explicit option for old peers: TLS 1.2 with forward-secret AEAD suites, nothing else. */
    private static final String[] PROTOCOLS_WITH_TLS12 = {"TLSv1.3", "TLSv1.2"};
    private static final String[] SUITES_WITH_TLS12 = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TunnelTls() {
    }

    /** Broker side: its key and chain, and the device CA that client certificates must chain to. */
    public static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain, X509Certificate deviceCa) {
        return serverContext(key, chain, List.of(deviceCa), List.of());
    }

    /**
     * Broker side during a device-CA rotation: client certificates may chain to any of {@code deviceCas}; one of a
     * {@code retired} CA is refused by name, with the advice to enroll the device again.
     */
    public static SSLContext serverContext(PrivateKey key, List<X509Certificate> chain,
                                           List<X509Certificate> deviceCas, List<X509Certificate> retired) {
        TrustManager[] pkix = trustOnly(deviceCas);
        if (!(pkix.length == 1 && pkix[0] instanceof javax.net.ssl.X509ExtendedTrustManager devices)) {
            throw new IllegalStateException("PKIX trust manager for the device CA is not an X509ExtendedTrustManager");
        }
        return context(keyManagers(key, chain), new TrustManager[] {new DeviceTrustManager(devices, retired,
                java.time.Clock.systemUTC())});
    }

    /** Agent side with a device certificate: trusts only the CA pinned at enrollment. */
    public static SSLContext clientContext(PrivateKey key, List<X509Certificate> chain, X509Certificate pinnedCa) {
        return clientContext(key, chain, List.of(pinnedCa));
    }

    /** Agent side with a device certificate: trusts the broker's device CAs it was given (two during a rotation). */
    public static SSLContext clientContext(PrivateKey key, List<X509Certificate> chain,
                                           List<X509Certificate> trustedCas) {
        return context(keyManagers(key, chain), trustOnly(trustedCas));
    }

    /** Agent side before enrollment: no client certificate, trust by the join token's CA pin. */
    public static SSLContext enrollmentContext(String caPin) {
        return context(null, new TrustManager[] {new PinnedCaTrustManager(caPin)});
    }

    /**
     * Accepts connections with or without a client certificate; the caller routes after the handshake.
     *
     * @param allowTls12 also accept TLS 1.2 with ECDHE and AEAD suites, for peers that cannot do 1.3
     */
    public static SslHandler serverHandler(SSLContext context, ByteBufAllocator alloc, Duration handshakeTimeout,
                                           boolean allowTls12) {
        return handler(serverEngine(context, allowTls12), handshakeTimeout);
    }

    public static SslHandler clientHandler(SSLContext context, String host, int port, Duration handshakeTimeout) {
        return handler(clientEngine(context, host, port), handshakeTimeout);
    }

    /** The broker's end of one connection, as the tunnel port sets it up. */
    static SSLEngine serverEngine(SSLContext context, boolean allowTls12) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = parameters(engine);
        if (allowTls12) {
            parameters.setProtocols(PROTOCOLS_WITH_TLS12);
            parameters.setCipherSuites(SUITES_WITH_TLS12);
        }
        parameters.setWantClientAuth(true);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** An agent's end of one connection. */
    static SSLEngine clientEngine(SSLContext context, String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters(engine));
        return engine;
    }

    /** One line for a failed handshake, as the audit log keeps it: no stack, no multi-line provider text. */
    public static String describe(Throwable failure) {
        if (failure instanceof SslHandshakeTimeoutException) {
            return "no TLS handshake within the handshake timeout (slow or silent peer)";
        }
        if (failure instanceof ClosedChannelException) {
            return "peer closed the connection during the handshake";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** True if the finished handshake agreed on our protocol; anything else must be closed. */
    public static boolean agreedOnAlpn(SslHandler handler) {
        return ALPN.equals(handler.engine().getApplicationProtocol());
    }

    private static SslHandler handler(SSLEngine engine, Duration handshakeTimeout) {
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    private static SSLParameters parameters(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(SUITES);
        parameters.setApplicationProtocols(new String[] {ALPN});
        return parameters;
    }

    private static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        try {
            // "TLS": the engine's parameters pick the versions; a "TLSv1.3" context could never offer 1.2.
            SSLContext context = SSLContext.getInstance("TLS", Providers.jsse());
            context.init(keyManagers, trustManagers, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", Providers.bc());
            store.load(null, null);
            store.setKeyEntry("hoshu", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", Providers.jsse());
            factory.init(store, IN_MEMORY_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load TLS key: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustOnly(List<X509Certificate> cas) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("no trust anchor given");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", Providers.bc());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca" + i, cas.get(i));
            }
            // As BCJSSE's init(KeyStore) sets them up (any end-entity certificate, no revocation lists: a revoked
            // device is refused by the ledger at admission), with the chain's signatures checked by BouncyCastle:
            // the JVM's ECDSA verification is five times slower on 17 and the path builder checks each twice.
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, null);
            parameters.setRevocationEnabled(false);
            parameters.setSigProvider(Providers.bc().getName());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", Providers.jsse());
            factory.init(new CertPathTrustManagerParameters(parameters));
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load TLS trust anchor: " + e.getMessage(), e);
        }
    }
}
