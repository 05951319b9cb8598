package dev.hoshu.broker.pki;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device CA ({@code device-ca.key}, {@code device-ca.crt}): signs device and tunnel server certificates. */
public record DeviceCa(KeyPair keys, X509Certificate certificate) {

    static final Duration VALIDITY = Duration.ofDays(3652);
    private static final Logger log = LoggerFactory.getLogger(DeviceCa.class);

    /**
     * A device certificate for the key of {@code csr}, naming the device and its hospital.
     *
     * @throws IllegalArgumentException if the request's signature does not verify or the names are unsafe
     */
    public X509Certificate issueDevice(PKCS10CertificationRequest csr, String deviceId, String hospital,
                                       Duration lifetime) {
        return DeviceCertificates.issueDevice(csr, deviceId, hospital, keys, certificate, lifetime);
    }

    /** The serial as the device ledger keeps it: lower-case hex. */
    public static String serialOf(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    static DeviceCa loadOrCreate(Path pkiDir, String nodeName) throws IOException {
        Path keyFile = pkiDir.resolve("device-ca.key");
        Path certFile = pkiDir.resolve("device-ca.crt");
        if (Files.exists(keyFile) || Files.exists(certFile)) {
            // Half a CA is a damaged install: re-creating it would orphan every enrolled device, so stop instead.
            X509Certificate certificate = PemFiles.readCertificates(certFile).get(0);
            var privateKey = PemFiles.readPrivateKey(keyFile);
            if (!KeyMatch.matches(privateKey, certificate.getPublicKey())) {
                throw new IllegalStateException(keyFile + " does not belong to " + certFile);
            }
            return new DeviceCa(new KeyPair(certificate.getPublicKey(), privateKey), certificate);
        }
        KeyPair keys = DeviceCertificates.newEcKey();
        X509Certificate certificate = DeviceCertificates.selfSignedCa(keys, "Hoshu device CA " + nodeName, VALIDITY);
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificates(certFile, List.of(certificate));
        log.info("created the device CA in {}", certFile);
        return new DeviceCa(keys, certificate);
    }
}
