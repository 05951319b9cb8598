package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.INOUE;
import static dev.hoshu.broker.access.Actors.KATO;
import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.SUZUKI;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static dev.hoshu.broker.access.Actors.YAMADA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.audit.AuditEvent.Outcome;
import dev.hoshu.broker.notify.AccessNotifier;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.pki.SshUserCa;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileJoinTokenStore;
import dev.hoshu.broker.state.FileRequestStore;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every administrative act leaves exactly one audit event, allowed or refused; without an audit log it is refused. */
class AuditedActsTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    @TempDir
    static Path pkiHome;
    static BrokerPki pki;

    @TempDir
    Path state;

    TestClock clock = new TestClock(T0);
    InMemoryAuditTrail audit = new InMemoryAuditTrail();
    FileRequestStore requests;
    FileGrantStore grants;
    FileDeviceStore devices;
    DemoTerms terms;
    AccessRequests access;
    JoinTokens joinTokens;
    DeviceEnrollment enrollment;
    SessionsTest.FakeLiveSessions live = new SessionsTest.FakeLiveSessions();

    @BeforeAll
    static void createPki() throws Exception {
        pki = BrokerPki.openOrCreate(pkiHome.resolve("pki"), List.of("localhost"), "node-1", Clock.systemUTC());
    }

    @BeforeEach
    void setUp() throws Exception {
        devices = new FileDeviceStore(state);
        devices.upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0));
        requests = new FileRequestStore(state);
        grants = new FileGrantStore(state, clock);
        terms = new DemoTerms(state);
        access = new AccessRequests(requests, grants, devices, new SshUserCa(pki.userCa(), clock), clock, audit, AccessNotifier.NONE,
                terms.terms, dev.hoshu.access.MultiFactor.defaults(), Duration.ofHours(1));
        FileJoinTokenStore tokens = new FileJoinTokenStore(state);
        joinTokens = new JoinTokens(tokens, devices, () -> pki.deviceCa().certificate(), Duration.ofHours(1), clock, audit);
        enrollment = new DeviceEnrollment(tokens, devices, pki.deviceCas(), pki.brokerSsh().getPublic(),
                Duration.ofHours(24), clock, audit);
    }

    private static NewRequest ask(String device) {
        return new NewRequest(device, Category.MONITOR, List.of("status"), "error E-12", 30);
    }

    /** Runs the act, expecting a refusal, and answers the one event it left. */
    private AuditEvent refusedEvent(Runnable act) {
        audit.clear();
        assertThatThrownBy(act::run).isInstanceOf(RefusedException.class);
        return audit.single();
    }

    private AuditEvent allowedEvent(Runnable act) {
        audit.clear();
        act.run();
        return audit.single();
    }

    @Test
    void requestCreateIsAuditedAllowedAndRefused() {
        AuditEvent created = allowedEvent(() -> access.createRequest(SATO, ask("CT-01")));
        assertThat(created).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor,
                AuditEvent::organisation, AuditEvent::hospital)
                .containsExactly("request.create", Outcome.ALLOWED, "sato", "medserve", "hosp-a");
        assertThat(created.target()).isEqualTo(access.requests(SATO).get(0).id());
        assertThat(created.details()).containsEntry("device", "CT-01").containsEntry("tools", "status");

        AuditEvent wrongRole = refusedEvent(() -> access.createRequest(TANAKA, ask("CT-01")));
        assertThat(wrongRole).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor, AuditEvent::reason)
                .containsExactly("request.create", Outcome.REFUSED, "tanaka",
                        "denied: asking for access needs the engineer role");
        AuditEvent hostile = refusedEvent(() -> access.createRequest(SATO, ask("../../etc\n/passwd")));
        assertThat(hostile.target()).isEqualTo("../../etc\\u000a/passwd");
        assertThat(hostile.hospital()).isNull();
    }

    @Test
    void approvalsAndDenialsAreAuditedWithTheRequestsHospital() {
        AccessRequest own = access.createRequest(INOUE, ask("CT-01"));
        AuditEvent selfApproval = refusedEvent(() -> access.approve(INOUE, own.id()));
        assertThat(selfApproval).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::hospital,
                AuditEvent::target, AuditEvent::reason)
                .containsExactly("request.approve", Outcome.REFUSED, "hosp-a", own.id(),
                        "denied: you cannot approve your own request " + own.id());
        AuditEvent otherHospital = refusedEvent(() -> access.approve(KATO, own.id()));
        assertThat(otherHospital).extracting(AuditEvent::actor, AuditEvent::organisation, AuditEvent::hospital)
                .containsExactly("kato", "hosp-b", "hosp-a");

        AuditEvent approved = allowedEvent(() -> access.approve(TANAKA, own.id()));
        String grant = requests.find(own.id()).orElseThrow().grantId();
        assertThat(approved).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor, AuditEvent::hospital)
                .containsExactly("request.approve", Outcome.ALLOWED, "tanaka", "hosp-a");
        assertThat(approved.details()).containsEntry("grant", grant);
        AuditEvent twice = refusedEvent(() -> access.approve(TANAKA, own.id()));
        assertThat(twice.outcome()).isEqualTo(Outcome.REFUSED);

        AccessRequest other = access.createRequest(SATO, ask("CT-01"));
        AuditEvent denied = allowedEvent(() -> access.deny(TANAKA, other.id(), "not today"));
        assertThat(denied).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::target)
                .containsExactly("request.deny", Outcome.ALLOWED, other.id());
        assertThat(denied.details()).containsEntry("reason", "not today");
        AuditEvent unknown = refusedEvent(() -> access.deny(TANAKA, "r-nonexistent", "x"));
        assertThat(unknown).extracting(AuditEvent::action, AuditEvent::hospital, AuditEvent::reason)
                .containsExactly("request.deny", null, "unknown request r-nonexistent");
    }

    @Test
    void grantCertificatesAreAuditedWithTheKeyNeverTheCertificate() throws Exception {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        Grant grant = grants.find(access.approve(TANAKA, request.id()).grant().id()).orElseThrow();
        String key = PublicKeyEntry.toString(KeyUtils.generateKeyPair("ssh-ed25519", 256).getPublic());

        AuditEvent issued = allowedEvent(() -> access.issueCertificate(SATO, grant.id(), key));
        assertThat(issued).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor, AuditEvent::hospital,
                AuditEvent::target).containsExactly("grant.certificate", Outcome.ALLOWED, "sato", "hosp-a", grant.id());
        assertThat(issued.details().get("key")).startsWith("SHA256:");

        AuditEvent stranger = refusedEvent(() -> access.issueCertificate(YAMADA, grant.id(), key));
        assertThat(stranger).extracting(AuditEvent::actor, AuditEvent::hospital, AuditEvent::reason)
                .containsExactly("yamada", "hosp-a", "denied: grant " + grant.id() + " belongs to another engineer");
    }

    @Test
    void withoutAnAuditLogTheActIsRefusedAndNothingChanges() {
        AccessRequest pending = access.createRequest(SATO, ask("CT-01"));
        audit.failing();
        assertThatThrownBy(() -> access.createRequest(SATO, ask("CT-01")))
                .isInstanceOfSatisfying(RefusedException.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(RefusedException.Status.UNAVAILABLE);
                    assertThat(refusal.getMessage()).isEqualTo("refused: audit log unavailable: disk full");
                });
        assertThatThrownBy(() -> access.approve(TANAKA, pending.id()))
                .isInstanceOfSatisfying(RefusedException.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
        assertThatThrownBy(() -> joinTokens.createJoinToken(TANAKA, "CT-02"))
                .isInstanceOfSatisfying(RefusedException.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
        assertThat(access.requests(SATO)).singleElement().extracting(AccessRequest::status)
                .isEqualTo(dev.hoshu.access.RequestStatus.PENDING);
        assertThat(grants.all()).isEmpty();
    }

    @Test
    void aDenialWithoutAnAuditLogLeavesTheRequestPending() {
        AccessRequest pending = access.createRequest(SATO, ask("CT-01"));
        audit.failing();
        assertThatThrownBy(() -> access.deny(TANAKA, pending.id(), "not today"))
                .isInstanceOfSatisfying(RefusedException.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
        AccessRequest after = requests.find(pending.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(dev.hoshu.access.RequestStatus.PENDING);
        assertThat(after.decidedBy()).isNull();
        assertThat(after.denyReason()).isNull();
    }

    /**
     * A shared store retries an update that lost a race, running the decision again on what the winner stored. The
     * loser's audit event must say what finally happened to its decision (refused), never what its first try saw.
     */
    @Test
    void anApprovalThatLosesARaceIsAuditedAsRefusedOnly() {
        AccessRequest pending = access.createRequest(SATO, ask("CT-01"));
        RequestStore racing = new RequestStore() {
            private boolean raced;

            @Override
            public void insert(AccessRequest request) {
                requests.insert(request);
            }

            @Override
            public java.util.Optional<AccessRequest> find(String requestId) {
                return requests.find(requestId);
            }

            @Override
            public List<AccessRequest> all() {
                return requests.all();
            }

            @Override
            public java.util.Optional<AccessRequest> update(String requestId, UnaryOperator<AccessRequest> change) {
                if (!raced) {
                    raced = true;
                    change.apply(requests.find(requestId).orElseThrow());
                    // Meanwhile another approver's denial is stored; the first attempt's result is discarded.
                    requests.update(requestId, current -> current.denied("yamada", "wrong device"));
                }
                return requests.update(requestId, change);
            }
        };
        AccessRequests contended = new AccessRequests(racing, grants, devices, new SshUserCa(pki.userCa(), clock), clock,
                audit, AccessNotifier.NONE, terms.terms, dev.hoshu.access.MultiFactor.defaults(),
                Duration.ofHours(1));

        AuditEvent lost = refusedEvent(() -> contended.approve(TANAKA, pending.id()));

        assertThat(lost).extracting(AuditEvent::action, AuditEvent::outcome)
                .containsExactly("request.approve", Outcome.REFUSED);
        assertThat(grants.all()).isEmpty();
        assertThat(requests.find(pending.id()).orElseThrow().status()).isEqualTo(dev.hoshu.access.RequestStatus.DENIED);
    }

    @Test
    void joinTokensAndEnrollmentAreAuditedWithTheTokenIdNeverItsSecret() throws Exception {
        audit.clear();
        JoinToken token = JoinToken.parse(joinTokens.createJoinToken(TANAKA, "CT-02").token());
        AuditEvent minted = audit.single();
        assertThat(minted).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor, AuditEvent::hospital,
                AuditEvent::target).containsExactly("device.join-token", Outcome.ALLOWED, "tanaka", "hosp-a", "CT-02");
        assertThat(minted.details()).containsEntry("token", token.tokenId());
        AuditEvent refusedMint = refusedEvent(() -> joinTokens.createJoinToken(SUZUKI, "CT-03"));
        assertThat(refusedMint.reason()).isEqualTo("denied: creating a join token needs the hospital-admin role");

        audit.clear();
        enrollment.enroll(enrollRequest(token.format()));
        AuditEvent enrolled = audit.single();
        assertThat(enrolled).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor,
                AuditEvent::organisation, AuditEvent::hospital, AuditEvent::target)
                .containsExactly("device.enroll", Outcome.ALLOWED, "device:CT-02", "hosp-a", "hosp-a", "CT-02");
        assertThat(enrolled.details()).containsEntry("token", token.tokenId());

        audit.clear();
        assertThatThrownBy(() -> enrollment.enroll(enrollRequest(token.format())))
                .isInstanceOf(EnrollmentRefusedException.class);
        AuditEvent reused = audit.single();
        assertThat(reused).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::hospital, AuditEvent::reason)
                .containsExactly("device.enroll", Outcome.REFUSED, "hosp-a", "enroll refused: join token already used");

        audit.clear();
        String forged = new JoinToken(token.tokenId(), "guessed-secret-000000", token.caPin()).format();
        assertThatThrownBy(() -> enrollment.enroll(enrollRequest(forged))).isInstanceOf(EnrollmentRefusedException.class);
        AuditEvent guessed = audit.single();
        assertThat(guessed).extracting(AuditEvent::actor, AuditEvent::hospital, AuditEvent::reason)
                .containsExactly("device:unknown", null, "enroll refused: join token unknown");
        for (AuditEvent event : audit.events()) {
            assertThat(event.toString()).doesNotContain(token.secret()).doesNotContain("guessed-secret");
        }
    }

    @Test
    void killsAreAuditedAndAKillStillHappensWithoutAnAuditLog() {
        Sessions sessions = new Sessions(live, audit);
        live.running.put("s-a", new LiveSession("s-a", "g-1", "sato", "medserve", "hosp-a", "CT-01", "status", T0));
        AuditEvent refused = refusedEvent(() -> sessions.kill(KATO, "s-a", "mine now"));
        assertThat(refused).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor, AuditEvent::hospital)
                .containsExactly("session.kill", Outcome.REFUSED, "kato", "hosp-a");
        assertThat(live.kills).isEmpty();

        AuditEvent killed = allowedEvent(() -> sessions.kill(TANAKA, "s-a", "scan starts"));
        assertThat(killed).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::target)
                .containsExactly("session.kill", Outcome.ALLOWED, "s-a");
        assertThat(killed.details()).containsEntry("reason", "scan starts").containsEntry("engineer", "sato");

        live.running.put("s-b", new LiveSession("s-b", "g-2", "sato", "medserve", "hosp-a", "CT-01", "status", T0));
        audit.failing();
        sessions.kill(TANAKA, "s-b", "audit disk is full, cut anyway");
        assertThat(live.kills).hasSize(2);
    }

    @Test
    void theApiRoleGatesRefusalsAreAuditedForTheHospitalTheCallWasAimedAt() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        ApiRoleRefusals refusals = new ApiRoleRefusals(audit, requests, grants, live, new FileDeviceStore(state));
        audit.clear();
        refusals.roleRefused(SATO, "POST", "/api/v1/requests/{id}/approve", java.util.Map.of("id", request.id()),
                "denied: approving needs the approver role");
        assertThat(audit.single()).extracting(AuditEvent::action, AuditEvent::outcome, AuditEvent::actor,
                AuditEvent::hospital, AuditEvent::target, AuditEvent::reason)
                .containsExactly("request.approve", Outcome.REFUSED, "sato", "hosp-a", request.id(),
                        "denied: approving needs the approver role");

        audit.clear();
        refusals.roleRefused(SATO, "GET", "/api/v1/anything/{x}", java.util.Map.of("x", "../\n"), "denied: no");
        assertThat(audit.single()).extracting(AuditEvent::action, AuditEvent::hospital)
                .containsExactly("api.get", null);

        audit.failing();
        assertThatThrownBy(() -> refusals.roleRefused(SATO, "POST", "/api/v1/requests", java.util.Map.of(), "denied"))
                .isInstanceOfSatisfying(RefusedException.class,
                        refusal -> assertThat(refusal.status()).isEqualTo(RefusedException.Status.UNAVAILABLE));
    }

    private static EnrollmentRequest enrollRequest(String token) {
        return new EnrollmentRequest(token, PemFiles.toPem(DeviceCertificates.csr(DeviceCertificates.newEcKey(), "x")),
                "test-agent/1");
    }
}
