package dev.hoshu.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.tunnel.pki.CaPins;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedCaTrustManagerTest {

    private final KeyPair caKey = DeviceCertificates.newEcKey();
    private final X509Certificate ca = DeviceCertificates.selfSignedCa(caKey, "Hoshu device CA", Duration.ofDays(1));
    private final PinnedCaTrustManager trust = new PinnedCaTrustManager(CaPins.of(ca));

    @Test
    void theBrokersServerCertificateUnderThePinnedCaIsTrusted() throws Exception {
        X509Certificate server = DeviceCertificates.issueServer(DeviceCertificates.newEcKey().getPublic(), "broker-1",
                List.of("127.0.0.1"), caKey, ca, Duration.ofDays(1));

        trust.checkServerTrusted(new X509Certificate[] {server, ca}, "ECDHE_ECDSA");
    }

    @Test
    void aDeviceCertificateFromTheSameCaCannotPassAsTheBroker() throws Exception {
        KeyPair stolen = DeviceCertificates.newEcKey();
        X509Certificate device = DeviceCertificates.issueDevice(DeviceCertificates.csr(stolen, "CT-01"), "CT-01",
                "hosp-a", caKey, ca, Duration.ofDays(1));

        CertificateException refused = assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[] {device, ca}, "ECDHE_ECDSA"));

        assertEquals("broker certificate is not a server certificate (no serverAuth usage)", refused.getMessage());
    }
}
