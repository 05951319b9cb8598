package dev.hoshu.broker.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.access.Sessions;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.gateway.EngineerSsh.SshRun;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.InMemoryLockStore;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.broker.reversetunnel.TestDeviceAuthority;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four-eyes sessions and live views as engineer and hospital meet them: the real OpenSSH client types into a session
 * whose grant requires a hospital observer, while observers join and leave through the session service.
 */
class ObservedSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SESSION = "s-[0-9a-f]{16}";
    private static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中 花子");
    private static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木 一郎");
    private static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "auditor"), "加藤 誠");
    /** The session's own engineer, who also holds an approver role: still not their own observer. */
    private static final Actor ENGINEER = new Actor("eng-1", "hosp-a", Set.of("engineer", "approver"), "技師");

    @TempDir
    Path dir;

    private final InMemoryGrants grants = new InMemoryGrants();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private TestUserCa userCa;
    private KeyPair sealKey;
    private RecordingStore recordings;
    private DeviceTunnels tunnels;
    private LoopbackDevice device;
    private SshGateway gateway;
    private Sessions sessions;
    private EngineerSsh ssh;

    @BeforeEach
    void startDevice() throws Exception {
        userCa = new TestUserCa();
        sealKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        recordings = new RecordingStore(dir.resolve("recordings"), sealKey, "node-1");
        KeyPair brokerKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        tunnels = new DeviceTunnels(brokerKey, Duration.ofSeconds(15), new TestDeviceAuthority(), Clock.systemUTC());
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels);
        Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());
    }

    private void startGateway(Duration observerWait) throws Exception {
        Path hostKeyFile = dir.resolve("pki/gateway-host.key");
        gateway = new SshGateway(new GatewayConfig("127.0.0.1", 0, hostKeyFile, "node-1"), userCa, grants, tunnels,
                recordings, Clock.systemUTC(), audit, new ActiveLocks(new InMemoryLockStore(), Clock.systemUTC()),
                new SessionTimings(Duration.ofMinutes(5), observerWait));
        int port = gateway.start().getPort();
        PublicKey hostKey = GatewayHostKey.at(hostKeyFile).loadKeys(null).iterator().next().getPublic();
        ssh = new EngineerSsh(dir, port, hostKey);
        sessions = new Sessions(gateway.liveSessions(), audit, gateway.observers());
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        device.close();
        tunnels.close();
    }

    /** A key with a certificate for a one-hour grant of {@code tools} on CT-01. */
    private Path engineerKey(String grantId, boolean observerRequired, String... tools) throws Exception {
        Instant now = Instant.now();
        Grant grant = grants.add(grantId, "CT-01", List.of(tools), now.minusSeconds(60), now.plus(Duration.ofHours(1)),
                observerRequired);
        Path key = ssh.newKey("engineer-" + grantId);
        EngineerSsh.writeCertificate(key, userCa.issue(grant, EngineerSsh.publicKeyOf(key)));
        return key;
    }

    @Test
    void theToolStartsOnlyWithAnObserverPausesWithoutOneAndResumesWhenOneIsBack() throws Exception {
        startGateway(Duration.ofMinutes(10));
        try (InteractiveSsh engineer = new InteractiveSsh(ssh.start(engineerKey("g-1", true, "cat"), "CT-01", "cat"))) {
            String id = engineer.awaitStderr("hoshu: waiting for a hospital observer to join session (" + SESSION
                    + ") \\(hoshu sessions join \\1\\)").group(1);
            engineer.type("typed before anyone watched\n");
            assertEquals("waiting", sessions.session(TANAKA, id).state());
            Thread.sleep(500);
            assertTrue(device.tools().invocations().isEmpty(), "the tool started before an observer joined");

            ViewReader tanaka = ViewReader.reading(sessions.watch(TANAKA, id));
            engineer.awaitStdout("typed before anyone watched\n");
            assertEquals(1, device.tools().invocations().size());
            tanaka.awaitLine("\"k\":\"o\",\"d\":\"typed before anyone watched\\n\"");
            assertTrue(tanaka.lines().get(0).startsWith("{\"k\":\"live\",\"session\":\"" + id + "\""), tanaka.lines()::toString);
            assertTrue(tanaka.lines().get(0).contains("\"state\":\"waiting\",\"observers\":[\"tanaka\"]"), tanaka.lines()::toString);
            assertEquals(List.of("tanaka"), sessions.session(SUZUKI, id).observers());
            assertEquals("live", sessions.session(SUZUKI, id).state());

            tanaka.leave();
            engineer.awaitStderr("hoshu: session " + id + " paused: the last hospital observer left; it resumes when "
                    + "a hospital observer joins \\(hoshu sessions join " + id + "\\)");
            Eventually.waitFor("paused", WAIT, () -> sessions.session(TANAKA, id).state().equals("paused"));
            long reachedTheDevice = device.tools().stdinBytes();
            engineer.type("typed while paused\n");
            Thread.sleep(1000);
            assertEquals(reachedTheDevice, device.tools().stdinBytes(), "input reached the device while paused");
            assertTrue(!engineer.stdout().contains("typed while paused"), engineer.stdout());

            ViewReader suzuki = ViewReader.reading(sessions.watch(SUZUKI, id));
            engineer.awaitStderr("hoshu: session " + id + " resumed: suzuki is watching");
            engineer.awaitStdout("typed while paused\n");
            suzuki.awaitLine("\"k\":\"o\",\"d\":\"typed while paused\\n\"");
            assertTrue(suzuki.lines().get(0).contains("\"state\":\"paused\",\"observers\":[\"suzuki\"]"), suzuki.lines()::toString);

            engineer.endInput();
            assertEquals(0, engineer.awaitExit(), engineer.stderrLines()::toString);
            suzuki.awaitEnd();
            assertTrue(suzuki.lines().get(suzuki.lines().size() - 1).contains("\"k\":\"seal\""), suzuki.lines()::toString);

            List<String> lines = Files.readAllLines(onlyRecording());
            VerificationReport report = new RecordingVerifier().verify(lines, kid -> Optional.of(sealKey.getPublic()));
            assertTrue(report.intact() && report.sealed(), report.message());
            List<String> kinds = lines.stream().skip(1).map(ObservedSessionTest::kindAndWho).toList();
            assertEquals(List.of("notice", "observer joined tanaka", "exec", "i", "o", "observer left tanaka", "pause",
                    "notice", "observer joined suzuki", "resume", "notice", "i", "o", "exit", "end", "seal"),
                    kinds.stream().filter(k -> !k.isEmpty()).toList(), lines::toString);
        }
        List<String> acts = audit.events().stream().map(e -> e.action() + " " + e.outcome() + " " + e.actor()).toList();
        assertEquals(List.of("session.join ALLOWED tanaka", "session.start ALLOWED eng-1", "session.leave ALLOWED tanaka",
                "session.join ALLOWED suzuki"), acts);
    }

    @Test
    void nobodyWithinTheLongestWaitEndsTheSessionAndNothingRan() throws Exception {
        startGateway(Duration.ofSeconds(2));
        SshRun run = ssh.run(engineerKey("g-1", true, "status"), "CT-01", "status");

        assertEquals(1, run.exit(), run.stderr());
        assertEquals(2, run.stderrLines().size(), run.stderr());
        assertTrue(run.stderrLines().get(0).matches("hoshu: waiting for a hospital observer to join session " + SESSION
                + " \\(hoshu sessions join " + SESSION + "\\)"), run.stderr());
        assertTrue(run.stderrLines().get(1).matches("hoshu: session " + SESSION
                + " ended: no hospital observer joined within 2 seconds"), run.stderr());
        assertTrue(device.tools().invocations().isEmpty());
        assertTrue(gateway.liveSessions().list().isEmpty());
        AuditEvent cut = audit.single();
        assertEquals(List.of("session.kill", "broker", "no hospital observer joined within 2 seconds"),
                List.of(cut.action(), cut.actor(), cut.details().get("reason")));
    }

    @Test
    void aPausedSessionWithNobodyBackForTheLongestWaitIsCut() throws Exception {
        startGateway(Duration.ofSeconds(2));
        try (InteractiveSsh engineer = new InteractiveSsh(ssh.start(engineerKey("g-1", true, "sleep"), "CT-01", "sleep"))) {
            String id = engineer.awaitStderr("hoshu: waiting for .* session (" + SESSION + ") .*").group(1);
            ViewReader tanaka = ViewReader.reading(sessions.watch(TANAKA, id));
            Eventually.waitFor("tool running", WAIT, () -> device.tools().running() == 1);
            tanaka.leave();

            assertEquals(137, engineer.awaitExit());
            assertEquals("hoshu: session " + id + " ended: no hospital observer watched for 2 seconds",
                    engineer.stderrLines().get(engineer.stderrLines().size() - 1));
            Eventually.waitFor("tool stopped", WAIT, () -> device.tools().stopped().contains(id));
        }
    }

    @Test
    void whoMayWatchIsTheHospitalsObserversNeverTheEngineerAndEveryRefusalIsAudited() throws Exception {
        startGateway(Duration.ofMinutes(10));
        try (InteractiveSsh engineer = new InteractiveSsh(ssh.start(engineerKey("g-1", true, "cat"), "CT-01", "cat"))) {
            String id = engineer.awaitStderr("hoshu: waiting for .* session (" + SESSION + ") .*").group(1);
            audit.clear();

            assertRefused(RefusedException.Status.FORBIDDEN, "refused: eng-1 cannot observe their own session " + id
                    + " (separation of duties)", ENGINEER, id);
            assertRefused(RefusedException.Status.FORBIDDEN, "denied: session " + id
                    + " runs on a device of hosp-a, not hosp-b", KATO, id);
            assertRefused(RefusedException.Status.FORBIDDEN, "denied: observing a session needs the approver or auditor role",
                    new Actor("sato", "hosp-a", Set.of("engineer"), "佐藤"), id);
            assertRefused(RefusedException.Status.NOT_FOUND, "unknown session s-0000000000000000 (only live sessions of "
                    + "this broker node can be watched)", TANAKA, "s-0000000000000000");
            assertRefused(RefusedException.Status.NOT_FOUND, "unknown session ../../etc/passwd (only live sessions of "
                    + "this broker node can be watched)", TANAKA, "../../etc/passwd");

            List<AuditEvent> refusals = audit.events();
            assertEquals(5, refusals.size(), refusals::toString);
            assertTrue(refusals.stream().allMatch(e -> e.action().equals("session.join")
                    && e.outcome() == AuditEvent.Outcome.REFUSED), refusals::toString);
            assertEquals("hosp-a", refusals.get(1).hospital());
            assertTrue(device.tools().invocations().isEmpty(), "a refused observer let the tool start");
            assertEquals("waiting", sessions.session(TANAKA, id).state());
        }
    }

    @Test
    void manyJoinsAndLeavesInARowLeaveASessionThatRunsWhileSomeoneWatches() throws Exception {
        startGateway(Duration.ofMinutes(10));
        try (InteractiveSsh engineer = new InteractiveSsh(ssh.start(engineerKey("g-1", true, "cat"), "CT-01", "cat"))) {
            String id = engineer.awaitStderr("hoshu: waiting for .* session (" + SESSION + ") .*").group(1);
            for (int i = 0; i < 25; i++) {
                ViewReader.reading(sessions.watch(i % 2 == 0 ? TANAKA : SUZUKI, id)).leave();
            }
            ViewReader staying = ViewReader.reading(sessions.watch(SUZUKI, id));
            Eventually.waitFor("only the staying observer", WAIT,
                    () -> sessions.session(TANAKA, id).observers().equals(List.of("suzuki")));
            Eventually.waitFor("running", WAIT, () -> sessions.session(TANAKA, id).state().equals("live"));

            engineer.type("still flowing\n");
            engineer.awaitStdout("still flowing\n");
            staying.awaitLine("still flowing");
            engineer.endInput();
            assertEquals(0, engineer.awaitExit());
        }
        List<String> lines = Files.readAllLines(onlyRecording());
        assertTrue(new RecordingVerifier().verify(lines, kid -> Optional.of(sealKey.getPublic())).sealed());
        assertEquals(26, lines.stream().filter(l -> l.contains("\"k\":\"observer\",\"action\":\"joined\"")).count());
        assertEquals(1, lines.stream().filter(l -> l.contains("\"k\":\"exec\"")).count());
    }

    @Test
    void aSlowObserverIsDroppedWithAMessageAndNeverHoldsTheSessionUp() throws Exception {
        startGateway(Duration.ofMinutes(10));
        int size = 8 * 1024 * 1024;
        ViewReader slow;
        try (InteractiveSsh engineer = new InteractiveSsh(ssh.start(engineerKey("g-1", false, "cat"), "CT-01", "cat"))) {
            Eventually.waitFor("session listed", WAIT, () -> !gateway.liveSessions().list().isEmpty());
            String id = gateway.liveSessions().list().get(0).id();
            slow = ViewReader.readingAtMost(sessions.watch(TANAKA, id), 1);
            // The engineer's session moves 8 MiB each way; the observer reads one line and no more.
            engineer.type("x".repeat(size));
            engineer.endInput();
            assertEquals(0, engineer.awaitExit(), engineer.stderrLines()::toString);
            assertEquals(size, engineer.stdout().length());
            Eventually.waitFor("the slow observer dropped", WAIT, () -> gateway.observers().observersOf(id).isEmpty());
        }
        slow.readAll();
        slow.awaitEnd();
        // The line it read, the 256 it was allowed to fall behind, and the line that says why it was dropped.
        assertEquals(1 + 256 + 1, slow.lines().size());
        assertEquals("{\"k\":\"dropped\",\"reason\":\"the observer did not keep up with the session\"}",
                slow.lines().get(slow.lines().size() - 1));
        List<String> recording = Files.readAllLines(onlyRecording());
        assertTrue(recording.stream().anyMatch(l -> l.contains("\"k\":\"observer\",\"action\":\"left\",\"subject\":"
                + "\"tanaka\",\"why\":\"the observer did not keep up with the session\"")), recording::toString);
        assertTrue(audit.events().stream().anyMatch(e -> e.action().equals("session.leave")
                && "the observer did not keep up with the session".equals(e.details().get("why"))), audit.events()::toString);
    }

    private void assertRefused(RefusedException.Status status, String message, Actor who, String id) {
        RefusedException refused = assertThrows(RefusedException.class, () -> sessions.watch(who, id));
        assertEquals(status, refused.status());
        assertEquals(message, refused.getMessage());
    }

    private static String kindAndWho(String line) {
        String kind = line.replaceAll(".*\"k\":\"([a-z]+)\".*", "$1");
        if (kind.equals("observer")) {
            return kind + " " + line.replaceAll(".*\"action\":\"([a-z]+)\",\"subject\":\"([a-z0-9-]+)\".*", "$1 $2");
        }
        return kind;
    }

    private Path onlyRecording() throws Exception {
        Eventually.waitFor("recording sealed", WAIT, () -> {
            try (Stream<Path> files = Files.list(dir.resolve("recordings/hosp-a"))) {
                return files.anyMatch(f -> {
                    try {
                        return Files.readString(f).contains("\"k\":\"seal\"");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
            } catch (java.io.IOException e) {
                return false;
            }
        });
        try (Stream<Path> files = Files.list(dir.resolve("recordings/hosp-a"))) {
            List<String> names = files.map(Path::toString).toList();
            assertEquals(1, names.size(), names::toString);
            return Path.of(names.get(0));
        }
    }
}
