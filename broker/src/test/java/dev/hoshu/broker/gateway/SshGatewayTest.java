package dev.hoshu.broker.gateway;

import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.InMemoryLockStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Grant;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.gateway.EngineerSsh.SshRun;
import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as an engineer meets it: the real OpenSSH client against a device over a real tunnel channel. */
class SshGatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final InMemoryGrants grants = new InMemoryGrants();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    private final InMemoryLockStore locks = new InMemoryLockStore();
    private TestUserCa userCa;
    private KeyPair sealKey;
    private RecordingStore recordings;
    private DeviceTunnels tunnels;
    private LoopbackDevice device;
    private SshGateway gateway;
    private EngineerSsh ssh;
    private Grant grant;
    private Path engineerKey;

    @BeforeEach
    void start() throws Exception {
        userCa = new TestUserCa();
        sealKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        recordings = new RecordingStore(dir.resolve("recordings"), sealKey, "node-1");
        KeyPair brokerKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        tunnels = new DeviceTunnels(brokerKey, Duration.ofSeconds(15),
                new dev.hoshu.broker.reversetunnel.TestDeviceAuthority(), java.time.Clock.systemUTC());
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels);
        Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());

        Path hostKeyFile = dir.resolve("pki/gateway-host.key");
        gateway = new SshGateway(new GatewayConfig("127.0.0.1", 0, hostKeyFile, "node-1"), userCa, grants, tunnels,
                recordings, Clock.systemUTC(), audit, new ActiveLocks(locks, Clock.systemUTC()));
        int port = gateway.start().getPort();
        PublicKey hostKey = GatewayHostKey.at(hostKeyFile).loadKeys(null).iterator().next().getPublic();
        ssh = new EngineerSsh(dir, port, hostKey);

        Instant now = Instant.now();
        grant = grants.add("g-1", "CT-01", List.of("status", "fail", "sleep", "cat", "big"),
                now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        engineerKey = ssh.newKey("engineer");
        EngineerSsh.writeCertificate(engineerKey, userCa.issue(grant, EngineerSsh.publicKeyOf(engineerKey)));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        device.close();
        tunnels.close();
    }

    @Test
    void allowedToolRunsAndItsOutputAndExitStatusReachTheEngineer() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-01", "status", "--brief", "'two words'");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals("status: ok --brief two words\n", run.stdout());
        String invocation = device.tools().invocations().get(0);
        // The catalog's revoked versions travel with every run, so the device refuses them (ADR 20): none here.
        assertTrue(invocation.matches("\\{\"session\":\"s-[0-9a-f]{16}\",\"tool\":\"status\","
                + "\"args\":\\[\"--brief\",\"two words\"],\"revoked\":\\[]}"), invocation);
    }

    @Test
    void startsAndRefusalsAreAuditedAndWithoutAnAuditLogNoToolStarts() throws Exception {
        assertEquals(0, ssh.run(engineerKey, "CT-01", "status", "--brief").exit());
        SshRun refused = ssh.run(engineerKey, "CT-01", "logcollect");
        assertEquals(1, refused.exit());

        List<AuditEvent> events = audit.events();
        assertEquals(2, events.size(), events::toString);
        AuditEvent started = events.get(0);
        assertEquals(List.of("session.start", AuditEvent.Outcome.ALLOWED, "eng-1", "acme-service", "hosp-a"),
                List.of(started.action(), started.outcome(), started.actor(), started.organisation(), started.hospital()));
        assertTrue(started.target().matches("s-[0-9a-f]{16}"), started.target());
        assertEquals("status", started.details().get("tool"));
        assertEquals("[\"--brief\"]", started.details().get("args"));
        AuditEvent refusal = events.get(1);
        assertEquals(List.of("session.start", AuditEvent.Outcome.REFUSED, "hosp-a", refused.stderr().strip()),
                List.of(refusal.action(), refusal.outcome(), refusal.hospital(), refusal.reason()));

        audit.failing();
        SshRun blocked = ssh.run(engineerKey, "CT-01", "status");
        assertEquals(1, blocked.exit());
        assertEquals("refused: audit log unavailable: disk full\n", blocked.stderr());
        assertEquals(1, device.tools().invocations().size(), "the tool ran although its start was not audited");
    }

    @Test
    void toolExitStatusAndStderrPropagate() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-01", "fail");

        assertEquals(3, run.exit());
        assertEquals("boom\n", run.stderr());
    }

    @Test
    void recordingVerifiesAndHoldsOutputInputAndExit() throws Exception {
        SshRun run = ssh.runWithInput(engineerKey, "typed by engineer\n", "CT-01", "cat");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("typed by engineer\n", run.stdout());

        Path file = onlyRecording();
        VerificationReport report = new RecordingVerifier().verify(file,
                kid -> kid.equals(recordings.sealKeyId()) ? Optional.of(sealKey.getPublic()) : Optional.empty());
        assertTrue(report.intact() && report.sealed(), report.message());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).contains("\"grant\":\"g-1\"") && lines.get(0).contains("\"device\":\"CT-01\""), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"k\":\"exec\"") && l.contains("cat")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"k\":\"i\"") && l.contains("typed by engineer")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"k\":\"o\"") && l.contains("typed by engineer")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"k\":\"exit\"") && l.contains("0")), lines::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void largeOutputArrivesWholeAndIsRecorded() throws Exception {
        int size = 4 * 1024 * 1024;
        SshRun run = ssh.run(engineerKey, "CT-01", "big", String.valueOf(size));

        assertEquals(0, run.exit(), run.stderr());
        assertEquals(size, run.stdout().length());
        VerificationReport report = new RecordingVerifier().verify(onlyRecording(), kid -> Optional.of(sealKey.getPublic()));
        assertTrue(report.intact() && report.sealed(), report.message());
    }

    @Test
    void toolOutsideTheGrantIsRefusedWithOneLine() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-01", "rm", "-rf", "/");

        assertEquals(1, run.exit());
        assertEquals(List.of("denied: tool 'rm' is not in grant g-1 (allowed: status, fail, sleep, cat, big)"),
                run.stderrLines());
        assertTrue(device.tools().invocations().isEmpty());
    }

    @Test
    void shellMetacharactersAreArgumentsNeverCommands() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-01", "status", "'$(reboot);`id`|&&'");

        assertEquals(0, run.exit(), run.stderr());
        assertEquals("status: ok $(reboot);`id`|&&\n", run.stdout());
    }

    @Test
    void malformedCommandLineIsRefusedWithOneLine() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-01", "status", "\"unbalanced");

        assertEquals(1, run.exit());
        assertEquals(List.of("refused: unbalanced double quote in command"), run.stderrLines());
    }

    @Test
    void shellIsRefused() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-01");

        String line = "refused: no interactive shell on CT-01; run a tool: ssh CT-01@<broker> status (REQ-TOOL-4)";
        assertEquals(1, run.exit());
        assertEquals(List.of(line), run.stderrLines());
        AuditEvent refusal = audit.single();
        assertEquals(List.of("session.feature", AuditEvent.Outcome.REFUSED, "eng-1", "hosp-a", "CT-01", line),
                List.of(refusal.action(), refusal.outcome(), refusal.actor(), refusal.hospital(), refusal.target(),
                        refusal.reason()));
        assertEquals("shell", refusal.details().get("feature"));
        assertTrue(device.tools().invocations().isEmpty());
    }

    @Test
    void remotePortForwardingIsRefused() throws Exception {
        Process forwarding = ssh.start(engineerKey, List.of("-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"),
                "CT-01", "status");
        SshRun run = EngineerSsh.finish(forwarding, null);

        assertNotEquals(0, run.exit());
        assertTrue(run.stderr().contains("remote port forwarding failed"), run.stderr());
        assertTrue(device.tools().invocations().isEmpty());
    }

    @Test
    void loginAsAnotherDeviceIsRefusedWithOneLine() throws Exception {
        SshRun run = ssh.run(engineerKey, "CT-02", "status");

        assertEquals(255, run.exit());
        assertEquals("refused: certificate g-1 is for CT-01, not device CT-02", run.stderrLines().get(0));
        AuditEvent refusal = audit.single();
        assertEquals(List.of("session.login", AuditEvent.Outcome.REFUSED, "eng-1", "hosp-a", "CT-02",
                "refused: certificate g-1 is for CT-01, not device CT-02"), List.of(refusal.action(), refusal.outcome(),
                refusal.actor(), refusal.hospital(), refusal.target(), refusal.reason()));
        assertEquals("g-1", refusal.details().get("certificate"));
    }

    @Test
    void expiredCertificateIsRefusedWithOneLine() throws Exception {
        Path key = ssh.newKey("expired");
        Instant past = Instant.parse("2026-01-01T00:00:00Z");
        EngineerSsh.writeCertificate(key, userCa.issue("g-1", List.of("CT-01"), past, past.plusSeconds(3600),
                EngineerSsh.publicKeyOf(key)));

        SshRun run = ssh.run(key, "CT-01", "status");

        // The banner is what OpenSSH prints for the reason; its own generic line follows.
        assertEquals(255, run.exit());
        assertEquals(List.of("refused: certificate g-1 expired at 2026-01-01 10:00 JST",
                "CT-01@127.0.0.1: Permission denied (publickey)."), run.stderrLines());
    }

    @Test
    void certificateFromAnotherCaIsRefusedWithOneLine() throws Exception {
        Path key = ssh.newKey("foreign");
        EngineerSsh.writeCertificate(key, new TestUserCa().issue(grant, EngineerSsh.publicKeyOf(key)));

        SshRun run = ssh.run(key, "CT-01", "status");

        assertEquals(255, run.exit());
        assertTrue(run.stderrLines().get(0).matches(
                "refused: certificate g-1 is signed by an unknown CA SHA256:\\S+, not this broker's user CA"), run.stderr());
    }

    @Test
    void plainKeyIsRefused() throws Exception {
        Path key = ssh.newKey("plain");

        SshRun run = ssh.run(key, "CT-01", "status");

        // OpenSSH offers a plain key before its certificate, so its refusal is not explained in a banner.
        assertEquals(255, run.exit());
        assertEquals(List.of("CT-01@127.0.0.1: Permission denied (publickey)."), run.stderrLines());
        assertTrue(device.tools().invocations().isEmpty());
    }

    @Test
    void certificateForUnknownGrantIsRefused() throws Exception {
        Path key = ssh.newKey("forged-grant");
        Instant now = Instant.now();
        EngineerSsh.writeCertificate(key, userCa.issue("g-404", List.of("CT-01"), now.minusSeconds(60),
                now.plusSeconds(600), EngineerSsh.publicKeyOf(key)));

        SshRun run = ssh.run(key, "CT-01", "status");

        assertEquals(255, run.exit());
        assertEquals("refused: grant g-404 does not exist", run.stderrLines().get(0));
    }

    @Test
    void deviceWithoutTunnelIsRefusedWithOneLine() throws Exception {
        Instant now = Instant.now();
        Grant offline = grants.add("g-2", "CT-09", List.of("status"), now.minusSeconds(60), now.plusSeconds(600));
        Path key = ssh.newKey("offline");
        EngineerSsh.writeCertificate(key, userCa.issue(offline, EngineerSsh.publicKeyOf(key)));

        SshRun run = ssh.run(key, "CT-09", "status");

        assertEquals(1, run.exit());
        assertEquals(List.of("refused: device CT-09 is not connected"), run.stderrLines());
    }

    @Test
    void killEndsTheSessionRevokesTheGrantAndStopsTheTool() throws Exception {
        Process running = ssh.start(engineerKey, "CT-01", "sleep");
        Eventually.waitFor("session listed", WAIT, () -> !gateway.liveSessions().list().isEmpty());
        Eventually.waitFor("tool running on the device", WAIT, () -> device.tools().running() > 0);
        LiveSession live = gateway.liveSessions().list().get(0);
        assertEquals("g-1", live.grantId());
        assertEquals("sleep", live.command());

        long started = System.nanoTime();
        assertTrue(gateway.liveSessions().kill(live.id(), "scanner needed for an emergency", "appr-1"));
        SshRun run = EngineerSsh.finish(running, null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(137, run.exit());
        assertEquals(List.of("hoshu: session " + live.id() + " killed by appr-1: scanner needed for an emergency"),
                run.stderrLines());
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "kill took " + took);
        assertTrue(gateway.liveSessions().list().isEmpty());
        assertEquals("killed by appr-1: scanner needed for an emergency", grants.find("g-1").orElseThrow().revokedReason());
        Eventually.waitFor("tool stopped on the device", WAIT, () -> device.tools().stopped().contains(live.id()));
        // A cut session's recording waits for the device's stop confirmation, which this test device never sends.
        Eventually.waitFor("recording sealed", WAIT, this::onlyRecordingSealed);

        List<String> lines = Files.readAllLines(onlyRecording());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"k\":\"kill\"") && l.contains("appr-1")), lines::toString);
        VerificationReport report = new RecordingVerifier().verify(lines, kid -> Optional.of(sealKey.getPublic()));
        assertTrue(report.intact() && report.sealed(), report.message());

        SshRun again = ssh.run(engineerKey, "CT-01", "status");
        assertEquals(255, again.exit());
        assertEquals("refused: grant g-1 was revoked: killed by appr-1: scanner needed for an emergency",
                again.stderrLines().get(0));
    }

    @Test
    void noRecordingMeansNoSession() throws Exception {
        Files.createDirectories(dir.resolve("recordings"));
        Files.writeString(dir.resolve("recordings/hosp-a"), "a file where the hospital's folder should be");

        SshRun run = ssh.run(engineerKey, "CT-01", "status");

        assertEquals(1, run.exit());
        assertEquals(List.of("refused: recording unavailable: cannot create the recordings folder of hosp-a: "
                + "a file of that name is in the way; no session can start (REQ-REC-2)"), run.stderrLines());
        assertTrue(device.tools().invocations().isEmpty());
    }

    @Test
    void sessionIsCutWhenItsGrantEnds() throws Exception {
        Instant now = Instant.now();
        Grant ending = grants.add("g-3", "CT-01", List.of("sleep"), now.minusSeconds(60), now.plusSeconds(3));
        Path key = ssh.newKey("ending");
        EngineerSsh.writeCertificate(key, userCa.issue(ending, EngineerSsh.publicKeyOf(key)));

        SshRun run = EngineerSsh.finish(ssh.start(key, "CT-01", "sleep"), null);

        // Started inside the warning's lead (5 minutes by default), so it is warned at once, then cut at the end.
        assertEquals(137, run.exit());
        assertEquals(2, run.stderrLines().size(), run.stderr());
        assertTrue(run.stderrLines().get(0).matches("hoshu: grant g-3 ends at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d JST "
                + "\\(in [1-3] seconds?\\); the session will be cut then"), run.stderr());
        assertTrue(run.stderrLines().get(1).matches(
                "hoshu: session s-[0-9a-f]{16} ended: grant g-3 ended at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d JST"),
                run.stderr());
        Eventually.waitFor("tool stopped on the device", WAIT, () -> device.tools().stopped().size() == 1);
    }

    @Test
    void engineerDisconnectStopsTheToolAndSealsTheRecording() throws Exception {
        Process running = ssh.start(engineerKey, "CT-01", "sleep");
        Eventually.waitFor("tool running on the device", WAIT, () -> device.tools().running() > 0);

        running.destroyForcibly().waitFor();

        Eventually.waitFor("tool stopped on the device", WAIT, () -> device.tools().stopped().size() == 1);
        Eventually.waitFor("session gone", WAIT, () -> gateway.liveSessions().list().isEmpty());
        List<String> lines = Files.readAllLines(onlyRecording());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"k\":\"end\"") && l.contains("engineer disconnected")),
                lines::toString);
        assertTrue(new RecordingVerifier().verify(lines, kid -> Optional.of(sealKey.getPublic())).sealed());
    }

    @Test
    void certificateWithForceCommandIsRefused() throws Exception {
        Path key = ssh.newKey("forced");
        EngineerSsh.writeCertificate(key, userCa.issueWithCriticalOption(grant, EngineerSsh.publicKeyOf(key),
                "force-command", "status"));

        SshRun run = ssh.run(key, "CT-01", "status");

        assertEquals(255, run.exit());
        assertEquals("refused: certificate g-1 carries critical options this gateway does not support",
                run.stderrLines().get(0));
    }

    @Test
    void killOfUnknownSessionSaysSo() {
        assertFalse(gateway.liveSessions().kill("s-0000000000000000", "x", "appr-1"));
        assertFalse(gateway.liveSessions().kill("../../etc", "x", "appr-1"));
    }

    @Test
    void hostKeyIsKeptOwnerOnlyAndReused() throws Exception {
        Path hostKeyFile = dir.resolve("pki/gateway-host.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hostKeyFile)));
        byte[] before = Files.readAllBytes(hostKeyFile);
        gateway.close();
        gateway = new SshGateway(new GatewayConfig("127.0.0.1", 0, hostKeyFile, "node-1"), userCa, grants, tunnels,
                recordings, Clock.systemUTC(), audit, new ActiveLocks(locks, Clock.systemUTC()));
        gateway.start();
        assertEquals(new String(before), Files.readString(hostKeyFile));
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
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all::toString);
            return all.get(0);
        }
    }

    private boolean onlyRecordingSealed() {
        try {
            List<String> lines = Files.readAllLines(onlyRecording());
            return !lines.isEmpty() && lines.get(lines.size() - 1).contains("\"k\":\"seal\"");
        } catch (Exception e) {
            return false;
        }
    }
}
