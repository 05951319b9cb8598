package dev.hoshu.tunnel.tls;

import java.security.cert.CertificateException;

/** The broker's chain does not end in the CA the join token pins: we may be talking to an impostor. */
public final class PinMismatchException extends CertificateException {

    private static final long serialVersionUID = 1L;

    public PinMismatchException(String message) {
        super(message);
    }
}
