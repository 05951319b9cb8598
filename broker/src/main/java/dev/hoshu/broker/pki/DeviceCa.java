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
        return load(pkiDir, CURRENT).orElseGet(() -> create(pkiDir, CURRENT, "Hoshu device CA " + nodeName));
    }

    /** The file stem of the CA that signs now; {@code device-ca-next} and {@code device-ca-previous} during a rotation. */
    static final String CURRENT = "device-ca";

    /** The CA in {@code <stem>.key} and {@code <stem>.crt}, if either file exists. */
    static java.util.Optional<DeviceCa> load(Path pkiDir, String stem) throws IOException {
        Path keyFile = pkiDir.resolve(stem + ".key");
        Path certFile = pkiDir.resolve(stem + ".crt");
        if (!Files.exists(keyFile) && !Files.exists(certFile)) {
            return java.util.Optional.empty();
        }
        // Half a CA is a damaged install: re-creating it would orphan every enrolled device, so stop instead.
        X509Certificate certificate = PemFiles.readCertificates(certFile).get(0);
        var privateKey = PemFiles.readPrivateKey(keyFile);
        if (!KeyMatch.matches(privateKey, certificate.getPublicKey())) {
            throw new IllegalStateException(keyFile + " does not belong to " + certFile);
        }
        return java.util.Optional.of(new DeviceCa(new KeyPair(certificate.getPublicKey(), privateKey), certificate));
    }

    /** A new CA written to {@code <stem>.key} (owner only) and {@code <stem>.crt}, each atomically. */
    static DeviceCa create(Path pkiDir, String stem, String commonName) {
        KeyPair keys = DeviceCertificates.newEcKey();
        X509Certificate certificate = DeviceCertificates.selfSignedCa(keys, commonName, VALIDITY);
        try {
            PemFiles.writePrivateKey(pkiDir.resolve(stem + ".key"), keys.getPrivate());
            PemFiles.writeCertificates(pkiDir.resolve(stem + ".crt"), List.of(certificate));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        log.info("created the device CA {} in {}", commonName, pkiDir.resolve(stem + ".crt"));
        return new DeviceCa(keys, certificate);
    }

    /** Renames {@code <from>.{key,crt}} to {@code <to>.{key,crt}}, key first (each rename atomic). */
    static void rename(Path pkiDir, String from, String to) throws IOException {
        for (String ext : List.of(".key", ".crt")) {
            Path source = pkiDir.resolve(from + ext);
            if (Files.exists(source)) {
                Files.move(source, pkiDir.resolve(to + ext), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
