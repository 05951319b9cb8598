package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel's trust, end to end (REQ-NET-2, REQ-NET-3): join tokens are one-time and bound to their
 * hospital; a device certificate from another CA gets no tunnel; an agent refuses a broker whose
 * certificate is outside the chain it pinned at enrollment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TunnelTrustIT {

    /** Long enough for several redials with backoff; the outcome is asserted, not the wait. */
    private static final Duration REFUSAL_WINDOW = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() {
        hoshu = HoshuSystem.start(dir.resolve("site"));
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void aJoinTokenEnrollsOnceOnly() {
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "MR-07", "--quiet");
        assertEquals(0, token.exitCode(), token::toString);

        RunResult first = hoshu.enroll(token.stdout().strip(), dir.resolve("mr-07-a"));
        RunResult replay = hoshu.enroll(token.stdout().strip(), dir.resolve("mr-07-b"));

        assertEquals(0, first.exitCode(), first::toString);
        assertNotEquals(0, replay.exitCode(), replay::toString);
        assertTrue(replay.all().contains("already used"), replay::toString);
        assertFalse(Files.exists(dir.resolve("mr-07-b/device.crt")), "a replayed token produced a certificate");
    }

    @Test
    void aForgedTokenIsRefused() {
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "MR-08", "--quiet");
        String forged = token.stdout().strip().replaceFirst("\\.[^.]+\\.([^.]+)$", ".AAAAforgedsecretAAAA.$1");

        RunResult enroll = hoshu.enroll(forged, dir.resolve("mr-08"));

        assertNotEquals(0, enroll.exitCode(), enroll::toString);
        assertTrue(enroll.all().contains("enroll refused"), enroll::toString);
    }

    @Test
    void anotherHospitalCannotTakeOverAnEnrolledDevice() {
        RunResult token = hoshu.hoshu("kato", "enroll-token", "CT-01", "--quiet");

        assertNotEquals(0, token.exitCode(), token::toString);
        assertEquals(1, token.stderr().lines().filter(l -> !l.isBlank()).count(), token::toString);
    }

    @Test
    void anAgentWithACertificateFromAnotherCaGetsNoTunnel() throws Exception {
        Path forged = HoshuSystem.copyTree(hoshu.agentDir("CT-01"), dir.resolve("forged-agent"));
        KeyPair otherCaKey = DeviceCertificates.newEcKey();
        X509Certificate otherCa = DeviceCertificates.selfSignedCa(otherCaKey, "Not the broker's device CA", Duration.ofDays(1));
        KeyPair deviceKey = DeviceCertificates.newEcKey();
        X509Certificate cert = DeviceCertificates.issueDevice(DeviceCertificates.csr(deviceKey, "CT-01"), "CT-01", "hosp-a",
                otherCaKey, otherCa, Duration.ofDays(1));
        PemFiles.writePrivateKey(forged.resolve("device.key"), deviceKey.getPrivate());
        PemFiles.writeCertificates(forged.resolve("device.crt"), List.of(cert, otherCa));
        int onlineBefore = count(hoshu.broker().output(), "device CT-01 (hosp-a) online");

        ManagedProcess agent = hoshu.runAgent("CT-01", forged);
        agent.awaitOutput("redialing", REFUSAL_WINDOW);

        // The broker asks for certificates of its own device CA, so the agent presents none; under
        // TLS 1.3 it learns of the refusal only when the broker closes. The broker says why.
        assertTrue(hoshu.broker().output().contains("refused: no device certificate issued by this broker's device CA"),
                "the broker says why");
        assertEquals(onlineBefore, count(hoshu.broker().output(), "device CT-01 (hosp-a) online"),
                "the broker took a tunnel from a forged device");
        agent.close();
    }

    @Test
    void anAgentRefusesABrokerOutsideItsPinnedChain() throws IOException {
        Path other = dir.resolve("impostor");
        int http = HoshuSystem.freePort();
        int tunnel = HoshuSystem.freePort();
        try (ManagedProcess impostor = HoshuSystem.startBroker(other, http, HoshuSystem.freePort(), tunnel,
                other.resolve("broker.log"))) {
            impostor.awaitOutput("tunnel server listening on", Duration.ofSeconds(90));
            Path agentDir = HoshuSystem.copyTree(hoshu.agentDir("CT-01"), dir.resolve("misdirected-agent"));
            Path properties = agentDir.resolve("agent.properties");
            Files.writeString(properties, Files.readString(properties)
                    .replace(":" + hoshu.tunnelPort, ":" + tunnel));

            ManagedProcess agent = hoshu.runAgent("CT-01", agentDir);
            agent.awaitOutput("redialing", REFUSAL_WINDOW);

            assertTrue(agent.output().contains("broker certificate is not issued by the CA pinned at enrollment"),
                    agent.output());
            assertFalse(agent.output().contains("broker connected"), agent.output());
            assertFalse(impostor.output().contains("online"), "the impostor got the device's tunnel");
            agent.close();
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }
}
