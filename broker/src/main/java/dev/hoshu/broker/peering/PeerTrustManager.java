package dev.hoshu.broker.peering;

import dev.hoshu.access.TokyoTime;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Judges the other end of a peer link, on both sides: the PKIX check against the fleet's device CA(s) decides, then
 * the certificate must name a broker node and no device. Every refusal is one line an operator can act on.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final Clock clock;

    PeerTrustManager(X509ExtendedTrustManager pkix, Clock clock) {
        this.pkix = pkix;
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        judge(chain, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        judge(chain, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(chain, () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        judge(chain, () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        judge(chain, () -> pkix.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        judge(chain, () -> pkix.checkServerTrusted(chain, authType));
    }

    /**
     * Names no issuer, so a peer with a certificate of another CA still shows it and is refused by name, instead of
     * sending none and leaving the log with "no node certificate presented".
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void judge(X509Certificate[] chain, Check pkixCheck) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new PeerRefusedException("no node certificate presented", null);
        }
        X509Certificate leaf = chain[0];
        String subject = leaf.getSubjectX500Principal().getName();
        try {
            pkixCheck.run();
        } catch (CertificateException e) {
            throw new PeerRefusedException(explained(leaf, subject), e);
        }
        try {
            NodeCertificates.nodeOf(leaf);
        } catch (IllegalArgumentException e) {
            throw new PeerRefusedException(e.getMessage(), e);
        }
    }

    private String explained(X509Certificate leaf, String subject) {
        try {
            leaf.checkValidity(java.util.Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            return "certificate " + subject + " expired at " + TokyoTime.format(leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return "certificate " + subject + " is not valid before "
                    + TokyoTime.format(leaf.getNotBefore().toInstant());
        }
        return "certificate " + subject + " is not issued by the fleet's device CA";
    }

    /** A refusal of the other end's certificate; found again in the handshake failure's causes. */
    static final class PeerRefusedException extends CertificateException {
        PeerRefusedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
