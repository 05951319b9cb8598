package dev.hoshu.tunnel.tls;

import java.security.cert.CertificateException;

/**
 * A device certificate the tunnel port refused during the handshake, with the one line the broker logs and
 * audits. {@link #claimedDevice()} is what the certificate says, unproven: it names the refusal, nothing more.
 */
public final class DeviceCertificateRefusedException extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final String claimedDevice;

    public DeviceCertificateRefusedException(String claimedDevice, String message, Throwable cause) {
        super(message, cause);
        this.claimedDevice = claimedDevice;
    }

    /** The device id the certificate names, or {@code null} when it names none. */
    public String claimedDevice() {
        return claimedDevice;
    }
}
