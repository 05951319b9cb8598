package dev.hoshu.agent.renewal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trust set a broker hands over at renewal, and the renewed leaf checked against it. */
class TrustedCasTest {

    private final KeyPair oldKeys = DeviceCertificates.newEcKey();
    private final KeyPair newKeys = DeviceCertificates.newEcKey();
    private final X509Certificate oldCa = DeviceCertificates.selfSignedCa(oldKeys, "old CA", Duration.ofDays(30));
    private final X509Certificate newCa = DeviceCertificates.selfSignedCa(newKeys, "new CA", Duration.ofDays(30));
    private final KeyPair device = DeviceCertificates.newEcKey();
    private final DeviceIdentity ct01 = new DeviceIdentity("CT-01", "hosp-a", null);

    private X509Certificate leafFrom(KeyPair caKeys, X509Certificate ca) {
        return DeviceCertificates.issueDevice(DeviceCertificates.csr(device, "CT-01"), "CT-01", "hosp-a", caKeys, ca,
                Duration.ofDays(1));
    }

    @Test
    void bothCasOfARotationAreTakenInTheirOrder() {
        assertEquals(List.of(newCa, oldCa), TrustedCas.check(PemFiles.toPem(List.of(newCa, oldCa)), Instant.now()));
    }

    @Test
    void aSetThatCouldLockTheAgentOutIsRefusedWithOneLine() {
        X509Certificate leaf = leafFrom(oldKeys, oldCa);
        assertEquals("broker named no device CA to trust",
                assertThrows(IllegalArgumentException.class, () -> TrustedCas.check(" ", Instant.now())).getMessage());
        assertEquals("a device CA to trust is not a CA certificate: CN=CT-01",
                assertThrows(IllegalArgumentException.class,
                        () -> TrustedCas.check(PemFiles.toPem(leaf), Instant.now())).getMessage());
        assertEquals("broker named 4 device CAs to trust; 1 to 3 expected",
                assertThrows(IllegalArgumentException.class, () -> TrustedCas.check(
                        PemFiles.toPem(List.of(oldCa, newCa, oldCa, newCa)), Instant.now())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrustedCas.check(PemFiles.toPem(oldCa), Instant.now().plus(Duration.ofDays(60))));
    }

    @Test
    void theRenewedLeafMustBeSignedByACaOfTheNewSet() {
        X509Certificate fromNew = leafFrom(newKeys, newCa);
        String chain = PemFiles.toPem(List.of(fromNew, newCa));

        assertEquals(fromNew, RenewedChain.check(chain, device.getPublic(), ct01, List.of(newCa, oldCa),
                Instant.now()).get(0));
        assertEquals("renewed certificate is not signed by a device CA this agent trusts",
                assertThrows(IllegalArgumentException.class, () -> RenewedChain.check(chain, device.getPublic(), ct01,
                        List.of(oldCa), Instant.now())).getMessage());
    }
}
