package dev.hoshu.tunnel.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeRehearsalTest {

    private final KeyPair caKeys = DeviceCertificates.newEcKey();
    private final X509Certificate ca = DeviceCertificates.selfSignedCa(caKeys, "device CA", Duration.ofDays(1));
    private final KeyPair portKeys = DeviceCertificates.newEcKey();
    private final X509Certificate port = DeviceCertificates.issueServer(portKeys.getPublic(), "broker",
            List.of("localhost"), caKeys, ca, Duration.ofDays(1));

    @Test
    void fullHandshakesRunAgainstThePortsOwnKeyUntilTheBudgetIsSpent() {
        HandshakeRehearsal.Result result = HandshakeRehearsal.run(portKeys.getPrivate(), List.of(port, ca),
                Duration.ofMillis(1500), () -> false);

        assertNull(result.problem(), "a sound key and chain rehearse without a problem");
        assertTrue(result.handshakes() >= 10, "handshakes rehearsed in 1.5 s: " + result.handshakes());
        assertTrue(result.took().compareTo(Duration.ofMillis(1500)) >= 0, "ran its budget: " + result.took());
        assertTrue(result.took().compareTo(Duration.ofSeconds(10)) < 0, "stopped near its budget: " + result.took());
        assertTrue(result.lastSecondRate() > 0, "a rate over the last second: " + result);
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsItWithOneLine() {
        KeyPair other = DeviceCertificates.newEcKey();

        HandshakeRehearsal.Result result = HandshakeRehearsal.run(other.getPrivate(), List.of(port, ca),
                Duration.ofSeconds(5), () -> false);

        assertEquals(0, result.handshakes());
        assertNotNull(result.problem(), "the failed handshake is reported");
        assertFalse(result.problem().contains("\n"), result.problem());
        assertTrue(result.took().compareTo(Duration.ofSeconds(5)) < 0, "gave up at the first failure: " + result.took());
    }

    @Test
    void itStopsWhenTheServerCloses() {
        HandshakeRehearsal.Result result = HandshakeRehearsal.run(portKeys.getPrivate(), List.of(port, ca),
                Duration.ofMinutes(5), () -> true);

        assertEquals(0, result.handshakes());
        assertNull(result.problem());
        assertTrue(result.took().compareTo(Duration.ofMinutes(1)) < 0, result.took().toString());
    }
}
