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
import dev.hoshu.access.RequestStatus;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.pki.SshUserCa;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.FileRequestStore;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRequestsTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    @TempDir
    Path state;

    TestClock clock = new TestClock(T0);
    FileGrantStore grants;
    AccessRequests access;
    SshUserCa userCa;
    FileDeviceStore devices;
    /** What subscribers were told, in order. */
    final java.util.List<dev.hoshu.broker.notify.AccessNotice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    InMemoryAuditTrail audit = new InMemoryAuditTrail();

    @BeforeEach
    void setUp() throws Exception {
        devices = new FileDeviceStore(state);
        devices.upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0));
        devices.upsert("MR-07", d -> new Device("MR-07", "hosp-b", DeviceStatus.ENROLLED, T0));
        grants = new FileGrantStore(state, clock);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        userCa = new SshUserCa(ec.generateKeyPair(), clock);
        access = new AccessRequests(new FileRequestStore(state), grants, devices, userCa, clock, audit, notices::add,
                new DemoTerms(state).terms, dev.hoshu.access.MultiFactor.defaults(), java.time.Duration.ofHours(1));
    }

    private static NewRequest ask(String device) {
        return new NewRequest(device, Category.MONITOR, List.of("status", "logcollect"), "error E-12 on boot", 30);
    }

    private static String keyLine(KeyPair keys) {
        return PublicKeyEntry.toString(keys.getPublic()) + " sato@laptop";
    }

    private static void assertRefused(Runnable call, RefusedException.Status status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RefusedException.class, refusal -> {
            assertThat(refusal.status()).isEqualTo(status);
            assertThat(refusal.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void aRequestTakesTheDevicesHospitalAndTheEngineersCompany() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        assertThat(request.id()).matches("r-[a-z2-7]{10}");
        assertThat(request.hospital()).isEqualTo("hosp-a");
        assertThat(request.company()).isEqualTo("medserve");
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
    }

    @Test
    void unknownDeviceIs404AndInvalidRequestsAre400() {
        assertRefused(() -> access.createRequest(SATO, ask("CT-09")), RefusedException.Status.NOT_FOUND,
                "unknown device CT-09");
        assertRefused(() -> access.createRequest(SATO, ask("../etc/passwd")), RefusedException.Status.BAD_REQUEST,
                "denied: device id '../etc/passwd' is not valid");
        assertRefused(() -> access.createRequest(SATO,
                        new NewRequest("CT-01", Category.MONITOR, List.of("status; rm -rf /"), "x", 30)),
                RefusedException.Status.BAD_REQUEST, "denied: tool name 'status; rm -rf /' is not valid");
        assertRefused(() -> access.createRequest(SATO,
                        new NewRequest("CT-01", Category.MONITOR, List.of("status"), "x", 100_000)),
                RefusedException.Status.BAD_REQUEST, "denied: duration must be 1 to 480 minutes, not 100000");
        assertRefused(() -> access.createRequest(TANAKA, ask("CT-01")), RefusedException.Status.FORBIDDEN,
                "denied: asking for access needs the engineer role");
    }

    @Test
    void anApprovalWhoseGrantCannotBeStoredLeavesTheRequestPendingForAnotherTry() throws Exception {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        // A directory where grants.json is replaced makes the grant's write fail.
        java.nio.file.Files.deleteIfExists(state.resolve("grants.json"));
        java.nio.file.Files.createDirectories(state.resolve("grants.json").resolve("in-the-way"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> access.approve(TANAKA, request.id()));

        assertThat(access.requests(SATO)).singleElement()
                .extracting(AccessRequest::status, AccessRequest::grantId)
                .containsExactly(RequestStatus.PENDING, null);
    }

    @Test
    void approvalCreatesAGrantForTheRequestedWindow() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        clock.advance(Duration.ofMinutes(5));
        Approval approval = access.approve(TANAKA, request.id());

        Grant grant = approval.grant();
        assertThat(grant.id()).matches("g-[a-z2-7]{10}");
        assertThat(approval.request().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(approval.request().grantId()).isEqualTo(grant.id());
        assertThat(grant.notBefore()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(grant.notAfter()).isEqualTo(T0.plus(Duration.ofMinutes(35)));
        assertThat(grant.approvers()).containsExactly("tanaka");
        assertThat(grant).extracting(Grant::engineer, Grant::hospital, Grant::device, Grant::tools)
                .containsExactly("sato", "hosp-a", "CT-01", List.of("status", "logcollect"));
        assertThat(grants.find(grant.id())).contains(grant);
    }

    @Test
    void separationOfDutiesNobodyApprovesTheirOwnRequest() {
        AccessRequest own = access.createRequest(INOUE, ask("CT-01"));
        assertRefused(() -> access.approve(INOUE, own.id()), RefusedException.Status.FORBIDDEN,
                "denied: you cannot approve your own request " + own.id());
        assertRefused(() -> access.deny(INOUE, own.id(), "no"), RefusedException.Status.FORBIDDEN,
                "denied: you cannot deny your own request " + own.id());
        assertThat(grants.all()).isEmpty();
    }

    @Test
    void anotherHospitalsApproverCannotDecide() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        assertRefused(() -> access.approve(KATO, request.id()), RefusedException.Status.FORBIDDEN,
                "denied: approver of hosp-b cannot act for hosp-a");
        assertRefused(() -> access.approve(SUZUKI, request.id()), RefusedException.Status.FORBIDDEN,
                "denied: deciding a request needs the approver role");
        assertThat(grants.all()).isEmpty();
    }

    @Test
    void aDecidedRequestCannotBeDecidedAgain() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        access.approve(TANAKA, request.id());
        assertRefused(() -> access.approve(TANAKA, request.id()), RefusedException.Status.CONFLICT,
                "denied: request " + request.id() + " is already approved");
        assertRefused(() -> access.deny(TANAKA, request.id(), "changed my mind"), RefusedException.Status.CONFLICT,
                "denied: request " + request.id() + " is already approved");
        assertThat(grants.all()).hasSize(1);
    }

    @Test
    void staleRequestsExpire() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        clock.advance(Duration.ofMinutes(61));
        assertThat(access.requests(SATO)).extracting(AccessRequest::status).containsExactly(RequestStatus.EXPIRED);
        assertRefused(() -> access.approve(TANAKA, request.id()), RefusedException.Status.CONFLICT,
                "denied: request " + request.id() + " expired at 2026-11-21 11:00 JST (pending requests expire after 1 hour)");
    }

    @Test
    void theSweepExpiresWhatNobodyLookedAtAndNotifiesOnce() {
        AccessRequests watched = access;
        AccessRequest stale = watched.createRequest(SATO, ask("CT-01"));
        clock.advance(Duration.ofMinutes(59));
        AccessRequest fresh = watched.createRequest(SATO, ask("CT-01"));

        assertThat(watched.expireStale()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(watched.expireStale()).isEqualTo(1);
        assertThat(watched.expireStale()).isZero();

        assertThat(notices).filteredOn(n -> n.event().equals("request.expired"))
                .extracting(dev.hoshu.broker.notify.AccessNotice::requestId).containsExactly(stale.id());
        assertThat(watched.requests(SATO)).extracting(AccessRequest::id, AccessRequest::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(stale.id(), RequestStatus.EXPIRED),
                        org.assertj.core.groups.Tuple.tuple(fresh.id(), RequestStatus.PENDING));
    }

    @Test
    void denyKeepsTheReasonAsOneLine() {
        AccessRequest request = access.createRequest(SATO, ask("CT-01"));
        AccessRequest denied = access.deny(TANAKA, request.id(), "patient on table\nfake: approved");
        assertThat(denied.status()).isEqualTo(RequestStatus.DENIED);
        assertThat(denied.denyReason()).doesNotContain("\n").startsWith("patient on table");
        assertThat(denied.decidedBy()).isEqualTo("tanaka");
    }

    @Test
    void unknownRequestIs404WithoutEchoingControlCharacters() {
        assertRefused(() -> access.approve(TANAKA, "r-x\n\u001b[31m"), RefusedException.Status.NOT_FOUND,
                "unknown request r-x\\u000a\\u001b[31m");
    }

    @Test
    void listsAreLimitedToOwnRequestsOrOwnHospital() {
        access.createRequest(SATO, ask("CT-01"));
        access.createRequest(YAMADA, ask("MR-07"));
        assertThat(access.requests(SATO)).extracting(AccessRequest::engineer).containsExactly("sato");
        assertThat(access.requests(TANAKA)).extracting(AccessRequest::hospital).containsExactly("hosp-a");
        assertThat(access.requests(KATO)).extracting(AccessRequest::device).containsExactly("MR-07");
        assertThat(access.requests(Actors.NAKAMURA)).isEmpty();
        assertThat(access.requests(Actors.SATO_OF_KYOWA)).as("same user name, another company").isEmpty();
    }

    @Test
    void certificateIsIssuedForTheGrantsEngineerWhileLive() throws Exception {
        Grant grant = access.approve(TANAKA, access.createRequest(SATO, ask("CT-01")).id()).grant();
        KeyPair key = KeyUtils.generateKeyPair("ssh-ed25519", 256);
        IssuedCertificate issued = access.issueCertificate(SATO, grant.id(), keyLine(key));

        assertThat(issued.validBefore()).isEqualTo(grant.notAfter());
        OpenSshCertificate cert = (OpenSshCertificate) PublicKeyEntry.parsePublicKeyEntry(issued.certificate())
                .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        assertThat(cert.getId()).isEqualTo(grant.id());
        assertThat(cert.getPrincipals()).containsExactly("CT-01");
        assertThat(cert.getCaPubKey()).isEqualTo(userCa.publicKey());
        assertThat(cert.getCertPubKey()).isEqualTo(key.getPublic());
    }

    @Test
    void certificateForSomeoneElsesGrantIsRefused() throws Exception {
        Grant grant = access.approve(TANAKA, access.createRequest(SATO, ask("CT-01")).id()).grant();
        String line = keyLine(KeyUtils.generateKeyPair("ssh-ed25519", 256));
        assertRefused(() -> access.issueCertificate(YAMADA, grant.id(), line), RefusedException.Status.FORBIDDEN,
                "denied: grant " + grant.id() + " belongs to another engineer");
        assertRefused(() -> access.issueCertificate(Actors.SATO_OF_KYOWA, grant.id(), line),
                RefusedException.Status.FORBIDDEN, "denied: grant " + grant.id() + " belongs to another engineer");
        assertRefused(() -> access.issueCertificate(SATO, "g-nonexistent", line), RefusedException.Status.NOT_FOUND,
                "unknown grant g-nonexistent");
    }

    @Test
    void certificateAfterTheGrantEndsOrIsRevokedIsRefused() throws Exception {
        Grant grant = access.approve(TANAKA, access.createRequest(SATO, ask("CT-01")).id()).grant();
        String line = keyLine(KeyUtils.generateKeyPair("ssh-ed25519", 256));
        clock.advance(Duration.ofMinutes(30));
        assertRefused(() -> access.issueCertificate(SATO, grant.id(), line), RefusedException.Status.FORBIDDEN,
                "denied: grant " + grant.id() + " ended at 2026-11-21 10:30 JST");

        Grant second = access.approve(TANAKA, access.createRequest(SATO, ask("CT-01")).id()).grant();
        grants.revoke(second.id(), "killed by tanaka: patient arriving");
        assertRefused(() -> access.issueCertificate(SATO, second.id(), line), RefusedException.Status.FORBIDDEN,
                "denied: grant " + second.id() + " was revoked: killed by tanaka: patient arriving");
    }

    @Test
    void weakMalformedAndHostileKeysAreRefused() throws Exception {
        Grant grant = access.approve(TANAKA, access.createRequest(SATO, ask("CT-01")).id()).grant();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String weak = PublicKeyEntry.toString(rsa.generateKeyPair().getPublic());
        assertRefused(() -> access.issueCertificate(SATO, grant.id(), weak), RefusedException.Status.BAD_REQUEST,
                "refused: RSA key of 2048 bits is too short (at least 3072)");

        String typeRefusal = "refused: key type is not accepted (use ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa of 3072+ bits)";
        String ed = keyLine(KeyUtils.generateKeyPair("ssh-ed25519", 256));
        for (String hostile : List.of("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "command=\"/bin/sh\" " + ed,
                access.issueCertificate(SATO, grant.id(), ed).certificate())) {
            assertRefused(() -> access.issueCertificate(SATO, grant.id(), hostile), RefusedException.Status.BAD_REQUEST,
                    typeRefusal);
        }
        String notAKey = "refused: publicKey is not a valid OpenSSH public key line";
        for (String garbage : List.of("ssh-ed25519 not-base64!!", "ssh-ed25519 AAAA", "ssh-ed25519")) {
            assertRefused(() -> access.issueCertificate(SATO, grant.id(), garbage), RefusedException.Status.BAD_REQUEST,
                    notAKey);
        }
        String oneLine = "refused: publicKey must be one OpenSSH public key line";
        assertRefused(() -> access.issueCertificate(SATO, grant.id(), ed + "\n" + ed), RefusedException.Status.BAD_REQUEST,
                oneLine);
        assertRefused(() -> access.issueCertificate(SATO, grant.id(), "ssh-ed25519 " + "A".repeat(10_000)),
                RefusedException.Status.BAD_REQUEST, oneLine);
    }

    @Test
    void ecdsaAndLongRsaKeysAreAccepted() throws Exception {
        Grant grant = access.approve(TANAKA, access.createRequest(SATO, ask("CT-01")).id()).grant();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        assertThat(access.issueCertificate(SATO, grant.id(), keyLine(ec.generateKeyPair())).certificate())
                .startsWith("ecdsa-sha2-nistp256-cert-v01@openssh.com ");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(3072);
        assertThat(access.issueCertificate(SATO, grant.id(), keyLine(rsa.generateKeyPair())).certificate())
                .startsWith("ssh-rsa-cert-v01@openssh.com ");
    }

    @Test
    void aDeviceSwitchedOffOnSiteTakesNoRequestNorApprovalAndSaysWhyInOneLine() {
        AccessRequest before = access.createRequest(SATO, ask("CT-01"));
        devices.upsert("CT-01", d -> d.switched(new dev.hoshu.broker.state.OnSiteSwitchState(true,
                "switched off on site by yamada", T0)));
        String why = "refused: remote maintenance switched off on site at CT-01 (since 2026-11-21 10:00 JST);"
                + " only staff at the device can switch it on";

        assertRefused(() -> access.createRequest(SATO, ask("CT-01")), RefusedException.Status.CONFLICT, why);
        assertRefused(() -> access.approve(TANAKA, before.id()), RefusedException.Status.CONFLICT, why);

        assertThat(audit.events().stream().filter(e -> e.outcome() == dev.hoshu.audit.AuditEvent.Outcome.REFUSED)
                .map(dev.hoshu.audit.AuditEvent::action).toList()).containsExactly("request.create", "request.approve");
        assertThat(grants.all()).isEmpty();

        devices.upsert("CT-01", d -> d.switched(new dev.hoshu.broker.state.OnSiteSwitchState(false, null, T0)));
        assertThat(access.approve(TANAKA, before.id()).grant()).isNotNull();
    }

    @Test
    void anEngineerWithoutAContractForASwitchedOffDeviceLearnsOnlyOfTheContract() {
        devices.upsert("XR-03", d -> new Device("XR-03", "hosp-a", DeviceStatus.ENROLLED, T0)
                .switched(new dev.hoshu.broker.state.OnSiteSwitchState(true, "switched off on site by yamada", T0)));

        assertRefused(() -> access.createRequest(SATO, ask("XR-03")), RefusedException.Status.FORBIDDEN,
                "denied: no live maintenance contract between hosp-a and medserve covers MONITOR on XR-03");
        devices.upsert("CT-01", d -> d.switched(new dev.hoshu.broker.state.OnSiteSwitchState(true,
                "switched off on site by yamada", T0)));
        dev.hoshu.access.Actor stranger = new dev.hoshu.access.Actor("ito", "otherfix", java.util.Set.of("engineer"),
                "伊藤 蓮").loggedInWith(Actors.MFA, null);
        assertRefused(() -> access.createRequest(stranger, ask("CT-01")), RefusedException.Status.FORBIDDEN,
                "denied: company 'otherfix' is not registered with the broker");
        assertThat(audit.events()).extracting(dev.hoshu.audit.AuditEvent::outcome)
                .containsOnly(dev.hoshu.audit.AuditEvent.Outcome.REFUSED);
    }
}
