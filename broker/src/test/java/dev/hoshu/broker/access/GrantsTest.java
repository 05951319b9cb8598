package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.access.MultiFactor;
import dev.hoshu.api.service.GrantView;
import dev.hoshu.api.service.NewEmergency;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.SessionRegistry;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.notify.AccessNotice;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileLockStore;
import dev.hoshu.broker.state.GrantReviewStore;
import dev.hoshu.broker.state.PolicyVersion;
import dev.hoshu.broker.state.RecordCollections;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grants after approval: revocation ends their live sessions, emergency access and its review, who sees what. */
class GrantsTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    @TempDir
    Path state;

    TestClock clock = new TestClock(T0);
    InMemoryAuditTrail audit = new InMemoryAuditTrail();
    List<AccessNotice> notices = new ArrayList<>();
    List<String> killed = new ArrayList<>();
    FileGrantStore grants;
    SessionRegistry registry;
    DemoTerms terms;
    Grants service;
    FileDeviceStore devices;

    @BeforeEach
    void setUp() {
        devices = new FileDeviceStore(state);
        devices.upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0));
        grants = new FileGrantStore(state, clock);
        registry = new SessionRegistry(grants, clock);
        terms = new DemoTerms(state);
        service = new Grants(grants, new GrantReviewStore(RecordCollections.inFolder(state)), devices, registry,
                new ActiveLocks(new FileLockStore(state), clock), terms.terms, MultiFactor.defaults(), audit,
                notices::add, clock);
        grants.insert(new Grant("g-1", "r-1", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR,
                List.of("selftest"), T0, T0.plusSeconds(3600), List.of("tanaka"), null, null, false, false, false));
        registry.register(new LiveSession("s-1", "g-1", "sato", "medserve", "hosp-a", "CT-01", "selftest", T0),
                (by, reason) -> killed.add("s-1 by " + by + ": " + reason));
    }

    private void allowEmergency() {
        terms.policies.append(new PolicyVersion("hosp-a", 1, """
                hospital: hosp-a
                categories:
                  MONITOR: {}
                emergency: {enabled: true, categories: [MONITOR], tools: [status], max-minutes: 30}
                """, "tanaka", T0));
    }

    @Test
    void revokingAGrantEndsItsLiveSessionsAndTellsTheHospital() {
        GrantView revoked = service.revoke(TANAKA, "g-1", "patient scan now");

        assertThat(revoked.endedSessions()).containsExactly("s-1");
        assertThat(killed).containsExactly("s-1 by tanaka: patient scan now (grant g-1 revoked)");
        assertThat(grants.find("g-1").orElseThrow().revokedReason()).isEqualTo("revoked by tanaka: patient scan now");
        assertThat(notices).extracting(AccessNotice::event).containsExactly("grant.revoked");
        assertThat(audit.events()).last().satisfies(e -> {
            assertThat(e.action()).isEqualTo("grant.revoke");
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.ALLOWED);
        });
        assertThatThrownBy(() -> service.revoke(TANAKA, "g-1", "again"))
                .hasMessage("refused: grant g-1 was already revoked: revoked by tanaka: patient scan now");
    }

    @Test
    void aRevocationTheSharedStateDidNotTakeStillEndsTheSessionsButAnswersFailed() {
        // As RedisGrantStore does when Redis, or its replica, did not take the revocation.
        dev.hoshu.broker.state.GrantStore unsaved = new dev.hoshu.broker.state.GrantStore() {
            @Override
            public void insert(Grant grant) {
                grants.insert(grant);
            }

            @Override
            public List<Grant> all() {
                return grants.all();
            }

            @Override
            public java.util.Optional<Grant> find(String grantId) {
                return grants.find(grantId);
            }

            @Override
            public void revoke(String grantId, String reason) {
                throw new dev.hoshu.broker.state.StateUnavailableException("grant " + grantId
                        + " revoked on this node only", null);
            }
        };
        Grants onRedis = new Grants(unsaved, new GrantReviewStore(RecordCollections.inFolder(state)), devices, registry,
                new ActiveLocks(new FileLockStore(state), clock), terms.terms, MultiFactor.defaults(), audit,
                notices::add, clock);

        assertThatThrownBy(() -> onRedis.revoke(TANAKA, "g-1", "patient scan now"))
                .isInstanceOfSatisfying(RefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(RefusedException.Status.UNAVAILABLE);
                    assertThat(refused.getMessage()).isEqualTo("failed: grant g-1 is not revoked in the shared state "
                            + "(state store unavailable: grant g-1 revoked on this node only); its sessions on this "
                            + "node ended (1), another node may still admit it: revoke it again");
                });
        assertThat(killed).as("the cut never waits for the shared state")
                .containsExactly("s-1 by tanaka: patient scan now (grant g-1 revoked)");
        assertThat(notices).as("no hospital system is told the grant is revoked").isEmpty();
    }

    @Test
    void anotherHospitalsGrantIsUnknownToItsStaffAndARevocationNeedsAReason() {
        assertThatThrownBy(() -> service.revoke(KATO, "g-1", "mine now"))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.NOT_FOUND))
                .hasMessage("unknown grant g-1");
        assertThatThrownBy(() -> service.revoke(TANAKA, "g-1", " "))
                .hasMessage("refused: revoking a grant needs a reason");
        assertThat(killed).isEmpty();
        assertThat(audit.events()).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED));
    }

    @Test
    void engineersSeeTheirOwnGrantsAndHospitalStaffTheirHospitals() {
        assertThat(service.grants(SATO, false)).hasSize(1);
        assertThat(service.grants(SUZUKI, false)).hasSize(1);
        assertThat(service.grants(KATO, false)).isEmpty();
        // Another company's engineer, even one signing in under the same user name, sees none of sato's.
        assertThat(service.grants(Actors.NAKAMURA, false)).isEmpty();
        assertThat(service.grants(Actors.SATO_OF_KYOWA, false)).isEmpty();
    }

    @Test
    void emergencyAccessIsOffByDefault() {
        assertThatThrownBy(() -> service.openEmergency(SATO,
                new NewEmergency("CT-01", Category.MONITOR, List.of("status"), "scanner down", 30)))
                .hasMessage("denied: hosp-a's policy does not allow emergency access");
        assertThat(notices).isEmpty();
    }

    @Test
    void emergencyAccessToASwitchedOffDeviceSaysWhyOnlyToThoseAllowedToAskForIt() {
        allowEmergency();
        dev.hoshu.broker.state.OnSiteSwitchState off = new dev.hoshu.broker.state.OnSiteSwitchState(true,
                "switched off on site by yamada", T0);
        devices.upsert("XR-03", d -> new Device("XR-03", "hosp-a", DeviceStatus.ENROLLED, T0).switched(off));
        devices.upsert("CT-01", d -> d.switched(off));

        assertThatThrownBy(() -> service.openEmergency(SATO,
                new NewEmergency("XR-03", Category.MONITOR, List.of("status"), "scanner down", 30)))
                .hasMessage("denied: no live maintenance contract between hosp-a and medserve covers MONITOR on XR-03");
        assertThatThrownBy(() -> service.openEmergency(SATO,
                new NewEmergency("CT-01", Category.MONITOR, List.of("status"), "scanner down", 30)))
                .isInstanceOfSatisfying(RefusedException.class,
                        r -> assertThat(r.status()).isEqualTo(RefusedException.Status.CONFLICT))
                .hasMessage("refused: remote maintenance switched off on site at CT-01 (since 2026-11-21 10:00 JST);"
                        + " only staff at the device can switch it on");
        assertThat(grants.all()).hasSize(1);
        assertThat(notices).isEmpty();
    }

    @Test
    void emergencyAccessOpensAGrantTellsTheApproversAndIsReviewedOnce() {
        allowEmergency();

        GrantView opened = service.openEmergency(SATO,
                new NewEmergency("CT-01", Category.MONITOR, List.of("status"), "scanner down in ER", 30));

        Grant grant = opened.grant();
        assertThat(grant.emergency()).isTrue();
        assertThat(grant.approvers()).isEmpty();
        assertThat(grant.notAfter()).isEqualTo(T0.plusSeconds(1800));
        assertThat(notices).extracting(AccessNotice::event).containsExactly("emergency.opened");
        assertThat(service.grants(TANAKA, true)).extracting(v -> v.grant().id()).containsExactly(grant.id());

        assertThatThrownBy(() -> service.openEmergency(SATO,
                new NewEmergency("CT-01", Category.MONITOR, List.of("selftest"), "also this", 30)))
                .hasMessage("denied: hosp-a's policy allows no tool 'selftest' in an emergency (allowed: status)");
        assertThatThrownBy(() -> service.review(TANAKA, "g-1", "fine"))
                .hasMessage("refused: grant g-1 was approved beforehand; only emergency access is reviewed");

        service.review(TANAKA, grant.id(), "called by the ER; checked the recording");

        assertThat(service.grants(TANAKA, true)).isEmpty();
        assertThatThrownBy(() -> service.review(TANAKA, grant.id(), "again"))
                .hasMessage("refused: grant " + grant.id() + " was already reviewed by tanaka");
    }
}
