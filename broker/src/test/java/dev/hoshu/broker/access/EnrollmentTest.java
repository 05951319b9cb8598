package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.api.service.IssuedJoinToken;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileJoinTokenStore;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.EnrollmentResponse;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.CaPins;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    @TempDir
    static Path pkiHome;
    static BrokerPki pki;

    @TempDir
    Path state;

    TestClock clock = new TestClock(T0);
    FileDeviceStore devices;
    FileJoinTokenStore tokens;
    JoinTokens joinTokens;
    DeviceEnrollment enrollment;
    InMemoryAuditTrail audit = new InMemoryAuditTrail();

    @BeforeAll
    static void createPki() throws Exception {
        pki = BrokerPki.openOrCreate(pkiHome.resolve("pki"), List.of("localhost"), "node-1", java.time.Clock.systemUTC());
    }

    @BeforeEach
    void setUp() {
        devices = new FileDeviceStore(state);
        tokens = new FileJoinTokenStore(state);
        joinTokens = new JoinTokens(tokens, devices, () -> pki.deviceCa().certificate(), Duration.ofHours(1), clock, audit);
        enrollment = new DeviceEnrollment(tokens, devices, pki.deviceCas(), pki.brokerSsh().getPublic(),
                Duration.ofHours(24), clock, audit);
    }

    private static EnrollmentRequest request(String token) {
        KeyPair deviceKey = DeviceCertificates.newEcKey();
        return new EnrollmentRequest(token, PemFiles.toPem(DeviceCertificates.csr(deviceKey, "whatever-the-agent-says")),
                "test-agent/1");
    }

    private void assertRefused(String token, String message) {
        assertThatThrownBy(() -> enrollment.enroll(request(token)))
                .isInstanceOf(EnrollmentRefusedException.class)
                .hasMessage(message);
    }

    @Test
    void aJoinTokenEnrollsItsDeviceForItsHospital() throws Exception {
        IssuedJoinToken issued = joinTokens.createJoinToken(TANAKA, "CT-01");
        assertThat(issued.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        JoinToken token = JoinToken.parse(issued.token());
        assertThat(token.caPin()).isEqualTo(CaPins.of(pki.deviceCa().certificate()));

        EnrollmentResponse response = enrollment.enroll(request(issued.token()));

        assertThat(response.deviceId()).isEqualTo("CT-01");
        assertThat(response.hospital()).isEqualTo("hosp-a");
        List<X509Certificate> chain = PemFiles.readCertificates(response.certificateChain());
        chain.get(0).verify(pki.deviceCa().certificate().getPublicKey());
        DeviceIdentity identity = DeviceCertificates.identityOf(chain.get(0));
        assertThat(identity.deviceId()).as("bound to the token, not to the CSR's name").isEqualTo("CT-01");
        assertThat(identity.hospital()).isEqualTo("hosp-a");
        assertThat(PemFiles.readCertificate(response.caCertificate())).isEqualTo(pki.deviceCa().certificate());
        assertThat(PublicKeyEntry.parsePublicKeyEntry(response.brokerSshKey())
                .resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.FAILING))
                .isEqualTo(pki.brokerSsh().getPublic());
        assertThat(devices.find("CT-01").orElseThrow().status()).isEqualTo(DeviceStatus.ENROLLED);
    }

    @Test
    void aTokenWorksOnce() throws Exception {
        String token = joinTokens.createJoinToken(TANAKA, "CT-01").token();
        enrollment.enroll(request(token));
        assertRefused(token, "enroll refused: join token already used");
    }

    @Test
    void aTokenWorksOnceEvenWhenAgentsRace() throws Exception {
        String token = joinTokens.createJoinToken(TANAKA, "CT-01").token();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                EnrollmentRequest request = request(token);
                racers.add(() -> {
                    try {
                        enrollment.enroll(request);
                        return true;
                    } catch (EnrollmentRefusedException e) {
                        return false;
                    }
                });
            }
            int enrolled = 0;
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                enrolled += result.get() ? 1 : 0;
            }
            assertThat(enrolled).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredTokenIsRefusedNamingWhen() {
        String token = joinTokens.createJoinToken(TANAKA, "CT-01").token();
        clock.advance(Duration.ofHours(1));
        assertRefused(token, "enroll refused: join token expired at 2026-11-21 11:00 JST");
    }

    @Test
    void unknownForgedAndForeignTokensReadAsUnknown() throws Exception {
        JoinToken real = JoinToken.parse(joinTokens.createJoinToken(TANAKA, "CT-01").token());
        String pin = real.caPin();
        assertRefused(new JoinToken("tnosuchtoken", real.secret(), pin).format(), "enroll refused: join token unknown");
        assertRefused(new JoinToken(real.tokenId(), "guessed-secret", pin).format(), "enroll refused: join token unknown");
        // A token whose pin names another broker's CA was not made here.
        KeyPair otherCa = DeviceCertificates.newEcKey();
        String foreignPin = CaPins.of(DeviceCertificates.selfSignedCa(otherCa, "other CA", Duration.ofDays(1)));
        assertRefused(new JoinToken(real.tokenId(), real.secret(), foreignPin).format(),
                "enroll refused: join token unknown");
        // None of these burned the real token.
        assertThat(enrollment.enroll(request(real.format())).deviceId()).isEqualTo("CT-01");
    }

    @Test
    void malformedTokensAndRequestsAreRefusedInOneLine() {
        assertRefused("hjt1.a.b", "enroll refused: join token must look like hjt1.<id>.<secret>.<pin>");
        assertRefused("x".repeat(10_000), "enroll refused: join token is missing or too long");
        String token = joinTokens.createJoinToken(TANAKA, "CT-01").token();
        assertThatThrownBy(() -> enrollment.enroll(new EnrollmentRequest(token, "-----BEGIN CERTIFICATE REQUEST-----\ngarbage\n", "x")))
                .isInstanceOf(EnrollmentRefusedException.class)
                .hasMessage("enroll refused: the certificate request is malformed or its signature does not verify");
        assertThatThrownBy(() -> enrollment.enroll(new EnrollmentRequest(null, null, null)))
                .hasMessage("enroll refused: the request needs a token and a csr");
    }

    @Test
    void aDeviceOfAnotherHospitalGetsNoToken() {
        joinTokens.createJoinToken(TANAKA, "CT-01");
        assertThatThrownBy(() -> joinTokens.createJoinToken(KATO, "CT-01"))
                .isInstanceOfSatisfying(RefusedException.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(RefusedException.Status.CONFLICT);
                    assertThat(refusal.getMessage()).isEqualTo("refused: device CT-01 belongs to another hospital");
                });
        assertThat(devices.find("CT-01").orElseThrow().hospital()).isEqualTo("hosp-a");
    }

    @Test
    void onlyHospitalAdminsMintTokensForValidDeviceIds() {
        assertThatThrownBy(() -> joinTokens.createJoinToken(SUZUKI, "CT-01"))
                .hasMessage("denied: creating a join token needs the hospital-admin role");
        for (String hostile : List.of("../../etc", "CT 01", "-rf", "", "CT-01\n", "x".repeat(65))) {
            assertThatThrownBy(() -> joinTokens.createJoinToken(TANAKA, hostile))
                    .isInstanceOfSatisfying(RefusedException.class,
                            refusal -> assertThat(refusal.status()).isEqualTo(RefusedException.Status.BAD_REQUEST));
        }
        assertThat(devices.all()).isEmpty();
    }

    @Test
    void stateKeepsOnlyTheSecretsHash() throws Exception {
        JoinToken token = JoinToken.parse(joinTokens.createJoinToken(TANAKA, "CT-01").token());
        String stored = Files.readString(state.resolve("join-tokens.json"));
        assertThat(stored).contains(token.tokenId()).doesNotContain(token.secret());
    }
}
