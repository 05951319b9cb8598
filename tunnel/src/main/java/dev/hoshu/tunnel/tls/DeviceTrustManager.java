package dev.hoshu.tunnel.tls;

import dev.hoshu.access.TokyoTime;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The tunnel port's judge of device certificates: the PKIX check against the device CA decides; this only
 * turns its verdict into a reason an operator can act on ("certificate of device CT-01 expired at …") instead
 * of a TLS alert name.
 */
final class DeviceTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;
    private final List<X509Certificate> retired;
    private final Clock clock;

    /** @param retired device CAs retired by a rotation: their certificates are refused with the advice to re-enroll */
    DeviceTrustManager(X509ExtendedTrustManager pkix, List<X509Certificate> retired, Clock clock) {
        this.pkix = pkix;
        this.retired = List.copyOf(retired);
        this.clock = clock;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw explained(chain, e);
        }
    }

    private DeviceCertificateRefusedException explained(X509Certificate[] chain, CertificateException failure) {
        if (chain == null || chain.length == 0) {
            return new DeviceCertificateRefusedException(null, "no device certificate presented", failure);
        }
        X509Certificate leaf = chain[0];
        String device = claimedDevice(leaf);
        String who = device == null ? "an unnamed device" : "device " + device;
        // Before the dates: an agent that missed a rotation needs the advice to re-enroll, not the expiry.
        if (issuedByRetired(leaf)) {
            return new DeviceCertificateRefusedException(device, "certificate of " + who
                    + " is from the retired device CA; the device must be enrolled again with a new join token",
                    failure);
        }
        try {
            leaf.checkValidity(java.util.Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            return new DeviceCertificateRefusedException(device, "certificate of " + who + " expired at "
                    + TokyoTime.format(leaf.getNotAfter().toInstant()), failure);
        } catch (CertificateNotYetValidException e) {
            return new DeviceCertificateRefusedException(device, "certificate of " + who + " is not valid before "
                    + TokyoTime.format(leaf.getNotBefore().toInstant()), failure);
        }
        return new DeviceCertificateRefusedException(device, "certificate of " + who
                + " is not issued by this broker's device CA", failure);
    }

    private boolean issuedByRetired(X509Certificate leaf) {
        for (X509Certificate ca : retired) {
            try {
                leaf.verify(ca.getPublicKey());
                return true;
            } catch (java.security.GeneralSecurityException e) {
                // not this one
            }
        }
        return false;
    }

    private static String claimedDevice(X509Certificate leaf) {
        try {
            DeviceIdentity identity = DeviceCertificates.identityOf(leaf);
            return identity.deviceId();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the tunnel port's trust is for accepting devices, not for dialing");
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

    /**
     * The device CAs, so the CertificateRequest names them and an agent of another CA sends nothing; retired ones
     * too, so an agent that missed a rotation shows its certificate and learns it must be enrolled again.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        java.util.List<X509Certificate> all = new java.util.ArrayList<>(List.of(pkix.getAcceptedIssuers()));
        all.addAll(retired);
        return all.toArray(X509Certificate[]::new);
    }
}
