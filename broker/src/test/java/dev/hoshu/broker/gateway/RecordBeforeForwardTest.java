package dev.hoshu.broker.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Grant;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.gateway.EngineerSsh.SshRun;
import dev.hoshu.broker.locks.ActiveLocks;
import dev.hoshu.broker.locks.InMemoryLockStore;
import dev.hoshu.broker.recording.FaultyDisk;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.reversetunnel.Eventually;
import dev.hoshu.broker.reversetunnel.LoopbackDevice;
import dev.hoshu.broker.reversetunnel.TestDeviceAuthority;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REQ-REC-2 with a hand on the disk: while the recording store is paused no byte reaches the engineer or the
 * device; a disk that fails mid-session ends the session with the reason and keeps every line written before;
 * while it fails no session starts.
 */
class RecordBeforeForwardTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long "nothing arrives" is watched: far longer than a loopback round trip. */
    private static final Duration STALL = Duration.ofMillis(800);

    @TempDir
    Path dir;

    private final FaultyDisk disk = new FaultyDisk();
    private KeyPair sealKey;
    private RecordingStore recordings;
    private DeviceTunnels tunnels;
    private LoopbackDevice device;
    private SshGateway gateway;
    private EngineerSsh ssh;
    private Path engineerKey;

    @BeforeEach
    void start() throws Exception {
        sealKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        recordings = new RecordingStore(dir.resolve("recordings"), sealKey, "node-1", disk);
        KeyPair brokerKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        tunnels = new DeviceTunnels(brokerKey, Duration.ofSeconds(15), new TestDeviceAuthority(), Clock.systemUTC());
        device = LoopbackDevice.honest("CT-01", "hosp-a", brokerKey.getPublic()).connectTo(tunnels);
        Eventually.waitFor("CT-01 online", WAIT, () -> tunnels.session("CT-01").isPresent());
        Path hostKeyFile = dir.resolve("pki/gateway-host.key");
        InMemoryGrants grants = new InMemoryGrants();
        TestUserCa userCa = new TestUserCa();
        gateway = new SshGateway(new GatewayConfig("127.0.0.1", 0, hostKeyFile, "node-1"), userCa, grants, tunnels,
                recordings, Clock.systemUTC(), new InMemoryAuditTrail(),
                new ActiveLocks(new InMemoryLockStore(), Clock.systemUTC()));
        int port = gateway.start().getPort();
        PublicKey hostKey = GatewayHostKey.at(hostKeyFile).loadKeys(null).iterator().next().getPublic();
        ssh = new EngineerSsh(dir, port, hostKey);
        Instant now = Instant.now();
        Grant grant = grants.add("g-1", "CT-01", List.of("status", "cat"), now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        engineerKey = ssh.newKey("engineer");
        EngineerSsh.writeCertificate(engineerKey, userCa.issue(grant, EngineerSsh.publicKeyOf(engineerKey)));
    }

    @AfterEach
    void stop() throws Exception {
        disk.release();
        gateway.close();
        device.close();
        tunnels.close();
        recordings.close();
    }

    @Test
    void whileTheStoreIsPausedTheEngineerReceivesNothingAndResumingLetsItFlow() throws Exception {
        disk.holdWritesContaining("\"k\":\"o\"");
        Process session = ssh.start(engineerKey, "CT-01", "status", "paused");
        Screen stdout = Screen.of(session.getInputStream());

        assertTrue(disk.awaitHeld(WAIT), "the tool's output should be on its way to the recording");
        assertStaysTrue("the session stalls with no output", () -> stdout.text().isEmpty() && session.isAlive());

        disk.release();
        SshRun run = EngineerSsh.finish(session, null);
        assertEquals(0, run.exit(), run.stderr());
        Eventually.waitFor("the output after the store resumed", WAIT, () -> stdout.text().equals("status: ok paused\n"));
    }

    @Test
    void whileTheStoreIsPausedTheEngineersInputDoesNotReachTheDevice() throws Exception {
        Process session = ssh.start(engineerKey, "CT-01", "cat");
        Screen stdout = Screen.of(session.getInputStream());
        OutputStream keyboard = session.getOutputStream();
        type(keyboard, "first\n");
        Eventually.waitFor("the first line echoed", WAIT, () -> stdout.text().equals("first\n"));
        long reachedDevice = device.tools().stdinBytes();

        disk.holdWritesContaining("\"k\":\"i\"");
        type(keyboard, "second\n");
        assertTrue(disk.awaitHeld(WAIT), "the input should be on its way to the recording");
        assertStaysTrue("the device receives nothing", () -> device.tools().stdinBytes() == reachedDevice);

        disk.release();
        Eventually.waitFor("the second line echoed", WAIT, () -> stdout.text().equals("first\nsecond\n"));
        keyboard.close();
        assertEquals(0, EngineerSsh.finish(session, null).exit());
    }

    @Test
    void aDiskFailingMidSessionEndsItWithTheReasonKeepsWhatWasWrittenAndRefusesNewSessions() throws Exception {
        Process session = ssh.start(engineerKey, "CT-01", "cat");
        Screen stdout = Screen.of(session.getInputStream());
        type(session.getOutputStream(), "before the disk filled\n");
        Eventually.waitFor("the first line echoed", WAIT, () -> stdout.text().equals("before the disk filled\n"));

        disk.failWrites("No space left on device");
        type(session.getOutputStream(), "lost\n");
        SshRun run = EngineerSsh.finish(session, null);

        assertEquals(1, run.exit());
        assertEquals(1, run.stderrLines().size(), run.stderr());
        assertTrue(run.stderrLines().get(0).matches("hoshu: session s-[0-9a-f]{16} ended: recording failed: "
                + "write failed: No space left on device"), run.stderr());
        assertEquals("before the disk filled\n", stdout.text());
        Eventually.waitFor("the tool stopped on the device", WAIT, () -> device.tools().running() == 0);

        Path file = onlyRecording();
        VerificationReport report = new RecordingVerifier().verify(file, kid -> Optional.of(sealKey.getPublic()));
        assertTrue(report.intact() && !report.sealed(), report.message());
        String recorded = Files.readString(file);
        assertTrue(recorded.contains("\"k\":\"i\",\"d\":\"before the disk filled\\n\""), recorded);
        assertTrue(recorded.contains("\"k\":\"o\",\"d\":\"before the disk filled\\n\""), recorded);
        assertFalse(recorded.contains("lost"), recorded);

        SshRun refused = ssh.run(engineerKey, "CT-01", "status");
        assertEquals(1, refused.exit());
        assertEquals(List.of("refused: recording unavailable: write failed: No space left on device; "
                + "no session can start (REQ-REC-2)"), refused.stderrLines());

        disk.heal();
        SshRun healed = ssh.run(engineerKey, "CT-01", "status", "again");
        assertEquals(0, healed.exit(), healed.stderr());
        assertEquals("status: ok again\n", healed.stdout());
    }

    private static void type(OutputStream keyboard, String text) throws IOException {
        keyboard.write(text.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Polls for the whole stall window: the condition must hold every time (no sleeping for an outcome). */
    private static void assertStaysTrue(String what, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + STALL.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(condition.getAsBoolean(), what);
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    private Path onlyRecording() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("recordings/hosp-a"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all::toString);
            return all.get(0);
        }
    }

    /** What the engineer's terminal has shown so far, read as it arrives. */
    private static final class Screen {
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        static Screen of(InputStream stream) {
            Screen screen = new Screen();
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
                        synchronized (screen) {
                            screen.seen.write(buffer, 0, n);
                        }
                    }
                } catch (IOException closed) {
                    // the process ended
                }
            }, "engineer-screen");
            reader.setDaemon(true);
            reader.start();
            return screen;
        }

        synchronized String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }
}
