package dev.hoshu.agent.renewal;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Checks a renewed chain before the agent relies on it: fails closed, because a bad one would lock the device out. */
final class RenewedChain {

    private RenewedChain() {
    }

    /**
     * @throws IllegalArgumentException one line, unless the chain is for this device's key and identity, signed by
     *                                  one of the trusted CAs and valid now
     */
    static List<X509Certificate> check(String pem, PublicKey deviceKey, DeviceIdentity device,
            List<X509Certificate> trustedCas, Instant now) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("broker answered no certificate");
        }
        List<X509Certificate> chain = PemFiles.readCertificates(pem);
        X509Certificate leaf = chain.get(0);
        if (!leaf.getPublicKey().equals(deviceKey)) {
            throw new IllegalArgumentException("renewed certificate is for another key");
        }
        if (trustedCas.stream().noneMatch(ca -> signedBy(leaf, ca))) {
            throw new IllegalArgumentException("renewed certificate is not signed by a device CA this agent trusts");
        }
        try {
            leaf.checkValidity(java.util.Date.from(now));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("renewed certificate is not valid now: " + e.getMessage());
        }
        DeviceIdentity renewed = DeviceCertificates.identityOf(leaf);
        if (!renewed.deviceId().equals(device.deviceId()) || !renewed.hospital().equals(device.hospital())) {
            throw new IllegalArgumentException("renewed certificate names " + renewed.deviceId() + " of "
                    + renewed.hospital());
        }
        return chain;
    }

    private static boolean signedBy(X509Certificate leaf, X509Certificate ca) {
        try {
            leaf.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
