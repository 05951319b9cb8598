package dev.hoshu.broker.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.InMemoryLockStore;
import dev.hoshu.broker.state.Lock;
import dev.hoshu.broker.state.LockKind;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.sshd.certificate.OpenSshCertificateBuilder;
import org.apache.sshd.common.config.keys.OpenSshCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login decisions on certificates OpenSSH would not even send, and on hostile names. */
class GrantCertificateCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-21T01:00:00Z");

    private final InMemoryGrants grants = new InMemoryGrants();
    private final InMemoryLockStore locks = new InMemoryLockStore();
    private KeyPair ca;
    private PublicKey engineerKey;
    private GrantCertificateCheck check;

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ca = ec.generateKeyPair();
        engineerKey = ec.generateKeyPair().getPublic();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        check = new GrantCertificateCheck(ca.getPublic(), grants, new ActiveLocks(locks, clock), clock);
        grants.add("g-1", "CT-01", List.of("status"), NOW.minusSeconds(3600), NOW.plusSeconds(3600));
    }

    private OpenSshCertificateBuilder user(String id, List<String> principals) {
        return OpenSshCertificateBuilder.userCertificate().publicKey(engineerKey).id(id).principals(principals)
                .validAfter(NOW.minusSeconds(60)).validBefore(NOW.plusSeconds(600));
    }

    private String refusal(OpenSshCertificate cert, String login) {
        LoginVerdict verdict = check.check(login, cert);
        assertTrue(!verdict.accepted(), "must be refused");
        return verdict.refusal();
    }

    @Test
    void validCertificateProvesItsGrant() throws Exception {
        LoginVerdict verdict = check.check("CT-01", user("g-1", List.of("CT-01")).sign(ca));
        assertEquals(new EngineerLogin("g-1", "CT-01"), verdict.login());
    }

    @Test
    void hostCertificateIsRefused() throws Exception {
        OpenSshCertificate host = OpenSshCertificateBuilder.hostCertificate().publicKey(engineerKey).id("g-1")
                .principals(List.of("CT-01")).validAfter(NOW.minusSeconds(60)).validBefore(NOW.plusSeconds(600))
                .sign(ca);
        assertEquals("refused: certificate g-1 is not a user certificate", refusal(host, "CT-01"));
    }

    @Test
    void certificateWithoutPrincipalsIsNotAWildcard() throws Exception {
        assertEquals("refused: certificate g-1 names no device",
                refusal(user("g-1", List.of()).sign(ca), "CT-01"));
    }

    @Test
    void certificateNotYetValidIsRefused() throws Exception {
        OpenSshCertificate early = user("g-1", List.of("CT-01")).validAfter(NOW.plusSeconds(3600))
                .validBefore(NOW.plusSeconds(7200)).sign(ca);
        assertEquals("refused: certificate g-1 is not valid before 2026-11-21 11:00 JST", refusal(early, "CT-01"));
    }

    @Test
    void revokedGrantIsRefusedWithItsReason() throws Exception {
        grants.revoke("g-1", "killed by appr-1: done");
        assertEquals("refused: grant g-1 was revoked: killed by appr-1: done",
                refusal(user("g-1", List.of("CT-01")).sign(ca), "CT-01"));
    }

    @Test
    void certificateNamingADeviceItsGrantDoesNotCoverIsRefused() throws Exception {
        assertEquals("refused: grant g-1 is for device CT-01, not CT-02",
                refusal(user("g-1", List.of("CT-02")).sign(ca), "CT-02"));
    }

    @Test
    void endedGrantIsRefusedEvenWithAStillValidCertificate() throws Exception {
        grants.add("g-2", "CT-01", List.of("status"), NOW.minusSeconds(7200), NOW.minusSeconds(1));
        assertEquals("refused: grant g-2 ended at 2026-11-21 09:59 JST",
                refusal(user("g-2", List.of("CT-01")).sign(ca), "CT-01"));
    }

    @Test
    void controlCharactersInCertificateNamesNeverReachTheEngineersTerminal() throws Exception {
        String refusal = refusal(user("g-9\u001b[2J\r\nfake line", List.of("CT-01")).sign(ca), "CT-01");
        assertEquals("refused: grant g-9?[2J??fake line does not exist", refusal);
    }

    @Test
    void plainKeyIsRefused() {
        LoginVerdict verdict = check.check("CT-01", engineerKey);
        assertTrue(verdict.refusal().startsWith("refused: plain SSH keys are not accepted"), verdict.refusal());
    }

    @Test
    void aLockedDeviceIsRefusedByNameWithWhoLockedItAndWhy() throws Exception {
        locks.insert(new Lock("l-1", LockKind.DEVICE, "CT-01", "hosp-a", "scanner needed for a patient", "tanaka",
                NOW.minusSeconds(5), null, null, null, null));
        OpenSshCertificate cert = user("g-1", List.of("CT-01")).sign(ca);

        assertEquals("refused: device CT-01 is locked by tanaka: scanner needed for a patient (lock l-1)",
                refusal(cert, "CT-01"));
    }

    @Test
    void aLockOfAnotherHospitalOrOneUnlockedOrExpiredDoesNotRefuse() throws Exception {
        locks.insert(new Lock("l-1", LockKind.HOSPITAL, "hosp-b", "hosp-b", "x", "kato", NOW, null, null, null, null));
        locks.insert(new Lock("l-2", LockKind.DEVICE, "CT-01", "hosp-a", "x", "tanaka", NOW.minusSeconds(600),
                NOW.minusSeconds(1), null, null, null));
        locks.insert(new Lock("l-3", LockKind.ENGINEER, "eng-1", "hosp-a", "x", "tanaka", NOW.minusSeconds(600),
                null, NOW.minusSeconds(2), "tanaka", "done"));
        OpenSshCertificate cert = user("g-1", List.of("CT-01")).sign(ca);

        assertTrue(check.check("CT-01", cert).accepted());
    }
}
