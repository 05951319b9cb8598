package dev.hoshu.broker.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.gateway.EngineerSsh.SshRun;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.broker.reversetunnel.TestDeviceAuthority;
import dev.hoshu.broker.state.redis.RedisConnections;
import dev.hoshu.broker.state.redis.RedisGrantStore;
import dev.hoshu.broker.state.redis.RedisLockStore;
import dev.hoshu.broker.state.redis.RedisProcess;
import dev.hoshu.broker.state.redis.RedisSettings;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on Redis, and Redis stopped mid-test (REQ-OPS): a new session is refused with the reason and the
 * refusal audited; the live session goes on and can still be cut on this node; the cut's revocation reaches Redis
 * when it is back.
 */
class SharedStateOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private RedisProcess redis;
    private RedisConnections connections;
    private RedisGrantStore grants;
    private DeviceTunnels tunnels;
    private LoopbackDevice device;
    private SshGateway gateway;
    private EngineerSsh ssh;
    private Path engineerKey;

    @BeforeEach
    void start() throws Exception {
        // Written to disk on every change, so a restart after a crash finds what was acknowledged.
        redis = RedisProcess.server(dir, "appendonly yes", "appendfsync always");
        connections = RedisConnections.open(RedisSettings.standalone(redis.node(), "outage"));
        grants = new RedisGrantStore(connections, Clock.systemUTC());
        TestUserCa userCa = new TestUserCa();
        KeyPair sealKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        RecordingStore recordings = new RecordingStore(dir.resolve("recordings"), sealKey, "node-1");
        KeyPair brokerKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        tunnels = new DeviceTunnels(brokerKey, Duration.ofSeconds(15), new TestDeviceAuthority(), Clock.systemUTC());
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels);
        Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());

        Path hostKeyFile = dir.resolve("pki/gateway-host.key");
        gateway = new SshGateway(new GatewayConfig("127.0.0.1", 0, hostKeyFile, "node-1"), userCa, grants, tunnels,
                recordings, Clock.systemUTC(), audit,
                new ActiveLocks(new RedisLockStore(connections, "node-1"), Clock.systemUTC()));
        int port = gateway.start().getPort();
        PublicKey hostKey = GatewayHostKey.at(hostKeyFile).loadKeys(null).iterator().next().getPublic();
        ssh = new EngineerSsh(dir, port, hostKey);

        Instant now = Instant.now();
        Grant grant = new Grant("g-1", "r-1", "eng-1", "acme-service", "hosp-a", "CT-01", Category.MONITOR,
                List.of("status", "sleep"), now.minusSeconds(60), now.plus(Duration.ofHours(1)), List.of("appr-1"),
                null, null, false, false, false);
        grants.insert(grant);
        engineerKey = ssh.newKey("engineer");
        EngineerSsh.writeCertificate(engineerKey, userCa.issue(grant, EngineerSsh.publicKeyOf(engineerKey)));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        device.close();
        tunnels.close();
        connections.close();
        redis.close();
    }

    @Test
    void withRedisDownNewSessionsAreRefusedWhileTheLiveOneRunsAndCanStillBeCut() throws Exception {
        assertEquals(0, ssh.run(engineerKey, "CT-01", "status").exit());
        Process running = ssh.start(engineerKey, "CT-01", "sleep");
        Eventually.waitFor("tool running on the device", WAIT, () -> device.tools().running() > 0);
        LiveSession live = gateway.liveSessions().list().get(0);

        redis.kill();

        SshRun refused = ssh.run(engineerKey, "CT-01", "status");
        assertEquals(255, refused.exit());
        String line = refused.stderrLines().get(0);
        assertTrue(line.startsWith("refused: state store unavailable: "), line);
        AuditEvent login = audit.events().stream().filter(e -> e.action().equals("session.login")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no session.login event in " + audit.events()));
        assertEquals(List.of(AuditEvent.Outcome.REFUSED, line), List.of(login.outcome(), login.reason()));
        assertTrue(running.isAlive(), "the live session ended with Redis");
        assertEquals(List.of(live.id()), gateway.liveSessions().list().stream().map(LiveSession::id).toList());

        assertTrue(gateway.liveSessions().kill(live.id(), "scanner needed for an emergency", "appr-1"));
        SshRun cut = EngineerSsh.finish(running, null);
        assertEquals(137, cut.exit());
        assertEquals(List.of("hoshu: session " + live.id() + " killed by appr-1: scanner needed for an emergency"),
                cut.stderrLines());

        // Redis back: the revocation this node held meanwhile is stored, and the grant opens nothing any more.
        redis.restart();
        Eventually.waitFor("grant read again", WAIT, () -> readable("g-1"));
        assertEquals("killed by appr-1: scanner needed for an emergency",
                grants.find("g-1").orElseThrow().revokedReason());
        SshRun again = ssh.run(engineerKey, "CT-01", "status");
        assertEquals(255, again.exit());
        assertEquals("refused: grant g-1 was revoked: killed by appr-1: scanner needed for an emergency",
                again.stderrLines().get(0));
        assertEquals(1, device.tools().invocations().stream().filter(i -> i.contains("\"status\"")).count());
    }

    private boolean readable(String grantId) {
        try {
            return grants.find(grantId).isPresent();
        } catch (RuntimeException stillAway) {
            return false;
        }
    }
}
