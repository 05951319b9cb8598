package dev.hoshu.broker.pki;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnel server's key and certificate ({@code tunnel.key}, {@code tunnel.crt}), re-issued by the device CA
 * when missing, close to expiry, not from the current CA, or naming different hosts than configured.
 */
public record TunnelCertificate(PrivateKey key, List<X509Certificate> chain) {

    static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(TunnelCertificate.class);

    static TunnelCertificate loadOrIssue(Path pkiDir, DeviceCa ca, List<String> serverNames, Clock clock)
            throws IOException {
        Path keyFile = pkiDir.resolve("tunnel.key");
        Path certFile = pkiDir.resolve("tunnel.crt");
        KeyPair keys = null;
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            X509Certificate current = PemFiles.readCertificates(certFile).get(0);
            if (KeyMatch.matches(key, current.getPublicKey())) {
                if (stillGood(current, ca, serverNames, clock.instant())) {
                    return new TunnelCertificate(key, List.of(current, ca.certificate()));
                }
                keys = new KeyPair(current.getPublicKey(), key);
            }
        }
        if (keys == null) {
            keys = DeviceCertificates.newEcKey();
            PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        }
        X509Certificate issued = DeviceCertificates.issueServer(keys.getPublic(), serverNames.get(0), serverNames,
                ca.keys(), ca.certificate(), VALIDITY);
        PemFiles.writeCertificates(certFile, List.of(issued));
        log.info("issued the tunnel server certificate for {} (valid until {})", serverNames,
                issued.getNotAfter().toInstant());
        return new TunnelCertificate(keys.getPrivate(), List.of(issued, ca.certificate()));
    }

    private static boolean stillGood(X509Certificate certificate, DeviceCa ca, List<String> serverNames, Instant now) {
        try {
            certificate.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        boolean fresh = certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
                && !certificate.getNotBefore().toInstant().isAfter(now);
        return fresh && namesOf(certificate).equals(new HashSet<>(serverNames));
    }

    private static Set<String> namesOf(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            var entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                entries.forEach(entry -> names.add(String.valueOf(entry.get(1))));
            }
        } catch (CertificateParsingException e) {
            names.clear();
        }
        return names;
    }
}
