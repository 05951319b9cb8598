package dev.hoshu.tunnel.tls;

import dev.hoshu.tunnel.pki.CaPins;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server chain only if it leads, by valid signatures, to a CA certificate whose pin is the
 * one from the join token. Used for enrollment, before the agent has any other trust anchor.
 */
public final class PinnedCaTrustManager extends X509ExtendedTrustManager {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final String caPin;

    public PinnedCaTrustManager(String caPin) {
        this.caPin = caPin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("broker presented no certificate");
        }
        int ca = pinnedIndex(chain);
        if (ca == 0) {
            throw new CertificateException("broker presented its CA instead of a server certificate");
        }
        try {
            for (int i = 0; i < ca; i++) {
                chain[i].checkValidity();
                chain[i].verify(chain[i + 1].getPublicKey());
            }
            chain[ca].checkValidity();
            chain[ca].verify(chain[ca].getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("broker certificate chain is not valid: " + e.getMessage(), e);
        }
        if (chain[ca].getBasicConstraints() < 0) {
            throw new CertificateException("pinned certificate is not a CA");
        }
        // The device CA also signs device certificates: one taken from a device must not pass as the broker.
        java.util.List<String> purposes = chain[0].getExtendedKeyUsage();
        if (purposes == null || !purposes.contains(SERVER_AUTH)) {
            throw new CertificateException("broker certificate is not a server certificate (no serverAuth usage)");
        }
    }

    private int pinnedIndex(X509Certificate[] chain) throws PinMismatchException {
        for (int i = 0; i < chain.length; i++) {
            if (CaPins.matches(chain[i], caPin)) {
                return i;
            }
        }
        throw new PinMismatchException("broker certificate does not match the token's CA pin");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("pinned CA trust is for dialing a broker, not for accepting clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
