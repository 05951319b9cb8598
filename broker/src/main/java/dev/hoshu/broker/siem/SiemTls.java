package dev.hoshu.broker.siem;

import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS towards the SIEM: only the configured CA is trusted, the certificate must name the configured host (as a
 * browser checks it), TLS 1.2 or 1.3 (RFC 5425 asks for at least 1.2), and the broker's own certificate when one
 * is configured. Built once at start, so a missing or unreadable file stops the broker instead of the export.
 */
final class SiemTls {

    private final SSLContext context;
    private final String host;
    private final int port;

    private SiemTls(SSLContext context, String host, int port) {
        this.context = context;
        this.host = host;
        this.port = port;
    }

    static SiemTls of(SiemSettings settings) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            List<X509Certificate> cas = PemFiles.readCertificates(settings.caFile());
            if (cas.isEmpty()) {
                throw new IllegalStateException("hoshu.audit.siem.ca-file " + settings.caFile() + " holds no certificate");
            }
            for (int i = 0; i < cas.size(); i++) {
                trusted.setCertificateEntry("siem-ca-" + i, cas.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = null;
            if (settings.clientCertificate() != null) {
                List<X509Certificate> chain = PemFiles.readCertificates(settings.clientCertificate());
                PrivateKey key = PemFiles.readPrivateKey(settings.clientKey());
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                own.setKeyEntry("broker", key, new char[0], chain.toArray(X509Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new SiemTls(context, settings.host(), settings.port());
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw (IllegalStateException) e;
            }
            throw new IllegalStateException("hoshu.audit.siem: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Connects and finishes the handshake; a certificate the CA did not sign or that names another host fails here. */
    SSLSocket connect(Duration timeout) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            plain.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    String address() {
        return host + ":" + port;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
