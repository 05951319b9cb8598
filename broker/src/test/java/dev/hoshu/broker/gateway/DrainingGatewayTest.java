package dev.hoshu.broker.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Grant;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.drain.NodeDrain;
import dev.hoshu.broker.gateway.EngineerSsh.SshRun;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.InMemoryLockStore;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.recording.RecordingVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

/** A node draining on shutdown, as the engineer's real OpenSSH client meets it. */
class DrainingGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REFUSAL = "refused: broker node node-1 is shutting down; connect again to reach "
            + "another node";

    @TempDir
    Path dir;

    private final InMemoryGrants grants = new InMemoryGrants();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final List<Object> published = new CopyOnWriteArrayList<>();
    private KeyPair sealKey;
    private DeviceTunnels tunnels;
    private LoopbackDevice device;
    private SshGateway gateway;
    private EngineerSsh ssh;
    private Path engineerKey;

    @BeforeEach
    void start() throws Exception {
        TestUserCa userCa = new TestUserCa();
        sealKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        RecordingStore recordings = new RecordingStore(dir.resolve("recordings"), sealKey, "node-1");
        KeyPair brokerKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        tunnels = new DeviceTunnels(brokerKey, Duration.ofSeconds(15),
                new dev.hoshu.broker.reversetunnel.TestDeviceAuthority(), Clock.systemUTC());
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels);
        Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());
        Path hostKeyFile = dir.resolve("pki/gateway-host.key");
        gateway = new SshGateway(new GatewayConfig("127.0.0.1", 0, hostKeyFile, "node-1"), userCa, grants, tunnels,
                recordings, Clock.systemUTC(), audit, new ActiveLocks(new InMemoryLockStore(), Clock.systemUTC()));
        int port = gateway.start().getPort();
        PublicKey hostKey = GatewayHostKey.at(hostKeyFile).loadKeys(null).iterator().next().getPublic();
        ssh = new EngineerSsh(dir, port, hostKey);
        Instant now = Instant.now();
        Grant grant = grants.add("g-1", "CT-01", List.of("status", "sleep"), now.minusSeconds(60),
                now.plus(Duration.ofHours(1)));
        engineerKey = ssh.newKey("engineer");
        EngineerSsh.writeCertificate(engineerKey, userCa.issue(grant, EngineerSsh.publicKeyOf(engineerKey)));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        device.close();
        tunnels.close();
    }

    private NodeDrain drain(Duration timeout) {
        return new NodeDrain("node-1", timeout, gateway, tunnels, audit, published::add, Clock.systemUTC());
    }

    private Process sleeping() throws Exception {
        Process running = ssh.start(engineerKey, "CT-01", "sleep");
        Eventually.waitFor("tool running on the device", WAIT, () -> device.tools().running() > 0);
        return running;
    }

    private AuditEvent event(String action) {
        return audit.events().stream().filter(e -> e.action().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " in " + audit.events()));
    }

    @Test
    void aDrainingNodeRefusesNewSessionsAndEndsTheOnesStillRunningAtTheTimeoutWithTheReason() throws Exception {
        Process running = sleeping();
        LiveSession live = gateway.liveSessions().list().get(0);
        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> drain(Duration.ofSeconds(3)).drain());
        Eventually.waitFor("the readiness probe told", WAIT, () -> !published.isEmpty());

        SshRun refused = ssh.run(engineerKey, "CT-01", "status");

        assertEquals(1, refused.exit());
        assertEquals(List.of(REFUSAL), refused.stderrLines());
        assertTrue(running.isAlive(), "the live session runs on during the drain");
        draining.get(30, TimeUnit.SECONDS);
        SshRun ended = EngineerSsh.finish(running, null);
        assertEquals(137, ended.exit());
        assertEquals(List.of("hoshu: session " + live.id() + " killed by broker: broker node node-1 shut down: the "
                + "session was still running when its drain timeout of 3 s passed"), ended.stderrLines());
        AvailabilityChangeEvent<?> readiness = (AvailabilityChangeEvent<?>) published.get(0);
        assertEquals(ReadinessState.REFUSING_TRAFFIC, readiness.getState());
        assertEquals(Map.of("sessions", "1", "tunnels", "1", "timeout", "3 s"), event("node.drain").details());
        Map<String, String> end = event("node.drain.end").details();
        assertEquals(List.of("0", "1"), List.of(end.get("finished"), end.get("ended")), end::toString);
        AuditEvent startRefused = audit.events().stream().filter(e -> e.action().equals("session.start")
                && e.outcome() == AuditEvent.Outcome.REFUSED).findFirst().orElseThrow();
        assertEquals(REFUSAL, startRefused.reason());
        Eventually.waitFor("recording sealed", WAIT, () -> sealed(live.id()));
    }

    @Test
    void aSessionThatEndsDuringTheDrainLetsTheNodeStopAtOnce() throws Exception {
        Process running = sleeping();
        long started = System.nanoTime();
        CompletableFuture<Void> draining = CompletableFuture.runAsync(() -> drain(Duration.ofSeconds(60)).drain());
        Eventually.waitFor("the drain under way", WAIT, () -> audit.events().stream()
                .anyMatch(e -> e.action().equals("node.drain")));

        running.destroyForcibly().waitFor(); // the engineer finishes

        draining.get(20, TimeUnit.SECONDS);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
        Map<String, String> end = event("node.drain.end").details();
        assertEquals(List.of("1", "0"), List.of(end.get("finished"), end.get("ended")), end::toString);
    }

    @Test
    void aNodeWithNothingRunningDrainsAtOnceAndOnlyOnce() {
        NodeDrain drain = drain(Duration.ofSeconds(60));
        long started = System.nanoTime();

        drain.drain();
        drain.drain();

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
        assertEquals(1, audit.events().stream().filter(e -> e.action().equals("node.drain.end")).count());
    }

    private boolean sealed(String sessionId) {
        try (Stream<Path> files = Files.walk(dir.resolve("recordings"))) {
            Path recording = files.filter(p -> p.getFileName().toString().equals(sessionId + ".jsonl")).findFirst()
                    .orElseThrow();
            return new RecordingVerifier().verify(Files.readAllLines(recording),
                    kid -> Optional.of(sealKey.getPublic())).sealed();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
