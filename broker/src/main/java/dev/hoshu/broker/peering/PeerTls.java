package dev.hoshu.broker.peering;

import dev.hoshu.tunnel.tls.Providers;
import dev.hoshu.tunnel.tls.TunnelTls;
import io.netty.handler.ssl.SslHandler;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The peer link's TLS: BCJSSE, TLS 1.3 only, AES-GCM, ALPN {@value #ALPN}; both ends present a node certificate and
 * judge the other's with {@link PeerTrustManager}.
 */
public final class PeerTls {

    public static final String ALPN = "hoshu-peer/1";
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private PeerTls() {
    }

    /** One context for both directions: the node's key and certificate, the fleet's device CAs as the only anchors. */
    public static SSLContext context(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> fleetCas,
                                     Clock clock) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12", Providers.bc());
            keys.load(null, null);
            keys.setKeyEntry("node", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX", Providers.jsse());
            keyManagers.init(keys, IN_MEMORY_PASSWORD);
            KeyStore anchors = KeyStore.getInstance("PKCS12", Providers.bc());
            anchors.load(null, null);
            for (int i = 0; i < fleetCas.size(); i++) {
                anchors.setCertificateEntry("ca" + i, fleetCas.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX", Providers.jsse());
            trust.init(anchors);
            X509ExtendedTrustManager pkix = (X509ExtendedTrustManager) trust.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS", Providers.jsse());
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new PeerTrustManager(pkix, clock)},
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the peer link's TLS context: " + e.getMessage(), e);
        }
    }

    /** Asks for the client's certificate; a connection without one is refused after the handshake, with a reason. */
    static SslHandler server(SSLContext context, Duration handshakeTimeout) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = parameters(engine);
        parameters.setWantClientAuth(true);
        engine.setSSLParameters(parameters);
        return handler(engine, handshakeTimeout);
    }

    static SslHandler client(SSLContext context, String host, int port, Duration handshakeTimeout) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters(engine));
        return handler(engine, handshakeTimeout);
    }

    static boolean agreedOnAlpn(SslHandler handler) {
        return ALPN.equals(handler.engine().getApplicationProtocol());
    }

    /** The other end's leaf certificate, or null when it sent none. */
    static X509Certificate peerCertificate(SslHandler handler) {
        try {
            var chain = handler.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** One line for a failed handshake: the trust manager's reason when it refused the certificate. */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerTrustManager.PeerRefusedException refused) {
                return refused.getMessage();
            }
        }
        return "TLS handshake failed: " + TunnelTls.describe(failure);
    }

    private static SslHandler handler(SSLEngine engine, Duration handshakeTimeout) {
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    private static SSLParameters parameters(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        parameters.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"});
        parameters.setApplicationProtocols(new String[] {ALPN});
        return parameters;
    }
}
