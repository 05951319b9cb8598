package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.CaStatus;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.pki.RotationPhase;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileJoinTokenStore;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.control.RenewalAnswer;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation progress: which active devices have not yet been told of the next CA (prepared) or still hold a
 * certificate of the old one (switched), and the switch and finish refused while they lag unless forced.
 */
class DeviceCaRotationTest {

    static final Actor OPS = new Actor("ops", "hoshu", Set.of("operator"), "ops").loggedInWith(Actors.MFA, null);

    @TempDir
    Path home;

    // Certificates are issued on the real clock, so the ledger's clock starts there too.
    TestClock clock = new TestClock(Instant.now());
    InMemoryAuditTrail audit = new InMemoryAuditTrail();
    BrokerPki pki;
    FileDeviceStore devices;
    DeviceLedger ledger;
    DeviceCaRotation rotation;
    Map<String, KeyPair> keys = new HashMap<>();
    Map<String, DeviceIdentity> identities = new HashMap<>();

    @BeforeEach
    void enrollTwoDevicesAndInviteAThird() throws Exception {
        pki = BrokerPki.openOrCreate(home.resolve("pki"), List.of("localhost"), "node-1", java.time.Clock.systemUTC());
        devices = new FileDeviceStore(home);
        FileJoinTokenStore tokens = new FileJoinTokenStore(home);
        ledger = new DeviceLedger(devices, pki.deviceCas(), audit, Duration.ofHours(24),
                new ClockOffsetPolicy(Duration.ofSeconds(2)), clock);
        rotation = new DeviceCaRotation(pki.deviceCas(), devices, clock, audit);
        JoinTokens joinTokens = new JoinTokens(tokens, devices, () -> pki.deviceCa().certificate(), Duration.ofHours(1),
                clock, audit);
        DeviceEnrollment enrollment = new DeviceEnrollment(tokens, devices, pki.deviceCas(), pki.brokerSsh().getPublic(),
                Duration.ofHours(24), clock, audit);
        for (String device : List.of("CT-01", "CT-02")) {
            KeyPair key = DeviceCertificates.newEcKey();
            String chain = enrollment.enroll(new EnrollmentRequest(joinTokens.createJoinToken(TANAKA, device).token(),
                    csr(key), "0.1.0")).certificateChain();
            keys.put(device, key);
            identities.put(device, DeviceCertificates.identityOf(PemFiles.readCertificates(chain).get(0)));
        }
        joinTokens.createJoinToken(TANAKA, "CT-03");
        audit.clear();
    }

    @Test
    void steadyCountsTheEnrolledDevicesAndNobodyLags() {
        CaStatus.Progress progress = rotation.status(OPS).progress();

        assertThat(progress).isEqualTo(new CaStatus.Progress(2, 0, null, List.of()));
    }

    @Test
    void preparedNamesTheDevicesNoRenewalHasToldOfTheNextCa() {
        rotation.rotate(OPS, "prepare", false);
        assertThat(rotation.status(OPS).progress().devices()).containsExactly("CT-01 (hosp-a)", "CT-02 (hosp-a)");

        renew("CT-01");

        CaStatus.Progress progress = rotation.status(OPS).progress();
        assertThat(progress.active()).isEqualTo(2);
        assertThat(progress.lagging()).isEqualTo(1);
        assertThat(progress.waitingFor()).isEqualTo("have not yet received the next CA (at their renewal)");
        assertThat(progress.devices()).containsExactly("CT-02 (hosp-a)");
    }

    @Test
    void switchIsRefusedNamingTheLaggingDevicesAndAudited() {
        rotation.rotate(OPS, "prepare", false);
        renew("CT-01");
        audit.clear();

        assertThatThrownBy(() -> rotation.rotate(OPS, "switch", false))
                .isInstanceOf(RefusedException.class)
                .satisfies(e -> assertThat(((RefusedException) e).status()).isEqualTo(RefusedException.Status.CONFLICT))
                .hasMessage("refused: ca rotate switch now: 1 of 2 active device(s) have not yet received the next CA "
                        + "(at their renewal): CT-02 (hosp-a); they would not trust the new tunnel certificate and "
                        + "could not connect; wait for their renewal (hoshu ca status), or add --force to leave them to "
                        + "be enrolled again");
        assertThat(pki.deviceCas().phase()).isEqualTo(RotationPhase.PREPARED);
        AuditEvent refused = audit.events().get(0);
        assertThat(refused.action()).isEqualTo("ca.rotate");
        assertThat(refused.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        assertThat(refused.details()).containsEntry("lagging", "1").containsEntry("forced", "false");

        renew("CT-02");
        assertThat(rotation.rotate(OPS, "switch", false).phase()).isEqualTo("switched");
    }

    @Test
    void switchedNamesTheDevicesStillHoldingOldCaCertificatesAndFinishWaitsForThem() {
        rotation.rotate(OPS, "prepare", false);
        renew("CT-01");
        renew("CT-02");
        rotation.rotate(OPS, "switch", false);
        assertThat(rotation.status(OPS).progress().lagging()).as("both still hold old-CA certificates").isEqualTo(2);

        renew("CT-02");

        CaStatus.Progress progress = rotation.status(OPS).progress();
        assertThat(progress.waitingFor()).isEqualTo("still hold a certificate of the previous CA (until their renewal)");
        assertThat(progress.devices()).containsExactly("CT-01 (hosp-a)");
        assertThatThrownBy(() -> rotation.rotate(OPS, "finish", false))
                .hasMessageStartingWith("refused: ca rotate finish now: 1 of 2 active device(s) still hold a "
                        + "certificate of the previous CA (until their renewal): CT-01 (hosp-a); they would be refused "
                        + "as devices of the retired CA;");
        assertThat(pki.deviceCas().phase()).isEqualTo(RotationPhase.SWITCHED);
    }

    @Test
    void forceTakesTheStepAnywayAndTheAuditSaysSo() {
        rotation.rotate(OPS, "prepare", false);
        audit.clear();

        CaStatus switched = rotation.rotate(OPS, "switch", true);

        assertThat(switched.phase()).isEqualTo("switched");
        AuditEvent allowed = audit.events().get(0);
        assertThat(allowed.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
        assertThat(allowed.details()).containsEntry("lagging", "2").containsEntry("forced", "true");
    }

    @Test
    void aDeviceWhoseCertificateExpiredIsNotActiveAndDoesNotHoldTheRotationBack() {
        rotation.rotate(OPS, "prepare", false);
        // CT-01 renews for two days; CT-02 keeps its one-day certificate and stays offline past its end.
        ledger = new DeviceLedger(devices, pki.deviceCas(), audit, Duration.ofHours(48),
                new ClockOffsetPolicy(Duration.ofSeconds(2)), clock);
        renew("CT-01");
        clock.advance(Duration.ofHours(25));

        CaStatus.Progress progress = rotation.status(OPS).progress();

        assertThat(progress.active()).isEqualTo(1);
        assertThat(progress.lagging()).isZero();
        assertThat(rotation.rotate(OPS, "switch", false).phase()).isEqualTo("switched");
    }

    @Test
    void onlyTheOperatorSeesTheProgress() {
        assertThatThrownBy(() -> rotation.status(TANAKA)).isInstanceOf(RefusedException.class)
                .hasMessage("denied: reading the device CA status needs the operator role");
    }

    private void renew(String device) {
        RenewalAnswer answer = ledger.renew(identities.get(device), csr(keys.get(device)), null);
        assertThat(answer.error()).isNull();
    }

    private static String csr(KeyPair key) {
        return PemFiles.toPem(DeviceCertificates.csr(key, "device"));
    }
}
