package dev.hoshu.broker.access;

import static dev.hoshu.broker.access.Actors.SATO;
import static dev.hoshu.broker.access.Actors.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Category;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.LockEnforcingAccess;
import dev.hoshu.broker.pki.SshUserCa;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisDeviceStore;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisLockStore;
import dev.hoshu.broker.state.redis.RedisProcess;
import dev.hoshu.broker.state.redis.RedisRequestStore;
import dev.hoshu.broker.state.redis.RedisSettings;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access service on Redis with Redis stopped: approvals and grant certificates are refused with the reason, a
 * 503, and the refusal is in the audit trail; nothing half-happens.
 */
class AccessOnRedisOutageTest {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(T0);
    final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    RedisProcess redis;
    RedisConnections connections;
    AccessService access;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisProcess.server(dir);
        connections = RedisConnections.open(RedisSettings.standalone(redis.node(), "access"));
        RedisDeviceStore devices = new RedisDeviceStore(connections);
        devices.upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0));
        RedisRequestStore requests = new RedisRequestStore(connections);
        RedisGrantStore grants = new RedisGrantStore(connections, clock);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        SshUserCa userCa = new SshUserCa(ec.generateKeyPair(), clock);
        AccessRequests core = new AccessRequests(requests, grants, devices, userCa, clock, audit, notice -> { },
                new DemoTerms(dir).terms, dev.hoshu.access.MultiFactor.defaults(), Duration.ofHours(1));
        access = new LockEnforcingAccess(core, new ActiveLocks(new RedisLockStore(connections, "node-1"), clock),
                requests, grants, audit);
    }

    @AfterEach
    void tearDown() {
        connections.close();
        redis.close();
    }

    @Test
    void withRedisStoppedApprovalsAndCertificatesAreRefusedWithTheReasonAndAudited() throws Exception {
        AccessRequest pending = access.createRequest(SATO, ask());
        AccessRequest approved = access.createRequest(SATO, ask());
        String grantId = access.approve(TANAKA, approved.id()).grant().id();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = ec.generateKeyPair();
        String keyLine = PublicKeyEntry.toString(key.getPublic()) + " sato@laptop";
        audit.clear();

        redis.kill();

        assertUnavailable(() -> access.approve(TANAKA, pending.id()));
        assertUnavailable(() -> access.issueCertificate(SATO, grantId, keyLine));
        List<AuditEvent> events = audit.events();
        assertThat(events).extracting(AuditEvent::action, AuditEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("request.approve", AuditEvent.Outcome.REFUSED),
                org.assertj.core.groups.Tuple.tuple("grant.certificate", AuditEvent.Outcome.REFUSED));
        assertThat(events).allSatisfy(event ->
                assertThat(event.reason()).startsWith("refused: state store unavailable: ").doesNotContain("\n"));
    }

    private static NewRequest ask() {
        return new NewRequest("CT-01", Category.MONITOR, List.of("status"), "error E-12 on boot", 30);
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RefusedException.class, refusal -> {
            assertThat(refusal.status()).isEqualTo(RefusedException.Status.UNAVAILABLE);
            assertThat(refusal.getMessage()).startsWith("refused: state store unavailable: ");
        });
    }
}
