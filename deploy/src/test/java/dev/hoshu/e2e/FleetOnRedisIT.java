package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two broker nodes on one real redis-server, as a service company runs a fleet: node B holds the device's tunnel and
 * relays the engineer's real {@code ssh} session; hospital staff call node A. A kill and a device lock made on A end
 * B's session with the reason and leave no process of the tool's tree in /proc; a decommissioning made on A closes
 * the device's tunnel on B at once and its redial is refused. With Redis stopped, a new session is refused with the
 * reason while the live one runs on and can still be cut on its own node (the kill then says the grant's
 * revocation is not yet shared, and once Redis is back the grant is refused).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetOnRedisIT {

    private static final Pattern SESSION_ID = Pattern.compile("\\bs-[0-9a-f]{16}\\b");
    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");
    private static final Pattern LOCK_ID = Pattern.compile("\\bl-[a-z2-7]{10}\\b");
    private static final Duration CUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private RedisServer redis;
    private HoshuSystem nodeA;
    private HoshuSystem nodeB;
    private ManagedProcess agent;
    private int toolRuns;

    @BeforeAll
    void startRedisTwoNodesAndTheAgentOnNodeB() throws IOException {
        redis = RedisServer.start(dir.resolve("redis"));
        nodeA = HoshuSystem.start(dir.resolve("a"), fleetOptions("node-a"));
        // The second node gets the first one's PKI, as docs/scale-out.md tells an operator to do.
        HoshuSystem.copyTree(nodeA.brokerData().resolve("pki"), dir.resolve("b/broker/pki"));
        nodeB = HoshuSystem.start(dir.resolve("b"), fleetOptions("node-b"));
        nodeB.broker().awaitOutput("this node's PKI is the fleet's", Duration.ofSeconds(5));
        agent = nodeB.startAgent("CT-01", "tanaka");
        nodeB.awaitOnline("CT-01", "hosp-a");
    }

    private String[] fleetOptions(String node) {
        return FleetNodes.options(redis, "fleet-it", node);
    }

    @AfterAll
    void stop() {
        FleetNodes.stopAll(nodeB, nodeA, redis);
    }

    /** A selftest the engineer runs through node B, asked for on node B and approved on node A. */
    private record RunningTool(ManagedProcess ssh, String session, String grant, List<Long> tree, List<Long> before) {

        List<Long> stillRunning(ManagedProcess agent) {
            List<Long> now = new ArrayList<>(tree);
            now.addAll(descendants(agent));
            now.removeAll(before);
            return now.stream().distinct().filter(FleetOnRedisIT::running).toList();
        }
    }

    private RunningTool selftestOnNodeB() {
        approvedOnNodeA(requestOnNodeB("selftest", "status"));
        List<Long> before = descendants(agent);
        ManagedProcess ssh = ManagedProcess.start("selftest-" + ++toolRuns, HoshuSystem.cli("ssh", "CT-01", "selftest"),
                Map.of("HOSHU_HOME", nodeB.home("sato").toString()), dir.resolve("logs/selftest-" + toolRuns + ".log"));
        ssh.awaitOutput("step 2/600", Duration.ofSeconds(60));
        List<Long> tree = new ArrayList<>(descendants(agent));
        tree.removeAll(before);
        assertTrue(tree.size() >= 2, "the selftest and its helper should run under the agent: " + tree);
        // Node A knows the session only from the shared directory: node B relays it.
        String[] found = new String[1];
        Await.until(Duration.ofSeconds(10), "node A lists node B's session", () -> {
            RunResult sessions = nodeA.hoshu("tanaka", "sessions");
            Matcher id = SESSION_ID.matcher(sessions.stdout());
            while (id.find()) {
                found[0] = id.group();
            }
            return found[0] != null && !found[0].equals(lastSession);
        });
        lastSession = found[0];
        return new RunningTool(ssh, found[0], newestGrantCertificate(), tree, before);
    }

    private String lastSession;

    /** The grant whose certificate {@code hoshu ssh} fetched last (it saves it as keys/GRANT-cert.pub). */
    private String newestGrantCertificate() {
        try (var files = Files.list(nodeB.home("sato").resolve("keys"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-cert.pub"))
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .map(f -> f.getFileName().toString().replace("-cert.pub", "")).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String requestOnNodeB(String... tools) {
        List<String> args = new ArrayList<>(List.of("request", "CT-01", "--category", "MAINTENANCE",
                "--reason", "WO-FLEET-" + (toolRuns + 1), "--minutes", "30"));
        for (String tool : tools) {
            args.addAll(List.of("--tool", tool));
        }
        RunResult request = nodeB.hoshu("sato", args.toArray(String[]::new));
        assertEquals(0, request.exitCode(), request::toString);
        Matcher id = REQUEST_ID.matcher(request.stdout());
        assertTrue(id.find(), request::toString);
        return id.group();
    }

    private void approvedOnNodeA(String requestId) {
        RunResult approve = nodeA.hoshu("tanaka", "approve", requestId);
        assertEquals(0, approve.exitCode(), approve::toString);
    }

    private void assertCutWithReason(RunningTool tool, String by, String reason) {
        int exit = tool.ssh().awaitExit(CUT);
        String output = tool.ssh().output();
        assertEquals(137, exit, output);
        assertTrue(output.contains("hoshu: session " + tool.session() + " killed by " + by + ": " + reason), output);
        awaitTreeGone(tool);
    }

    private void awaitTreeGone(RunningTool tool) {
        Await.until(Duration.ofSeconds(15), "no process of the tool's tree left in /proc",
                () -> tool.stillRunning(agent).isEmpty());
    }

    private static List<Long> descendants(ManagedProcess process) {
        return process.handle().descendants().map(ProcessHandle::pid).toList();
    }

    /** Running in /proc terms: a zombie counts as gone, it runs nothing. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Order(1)
    void aKillOnNodeAEndsTheSessionNodeBRelays() {
        RunningTool tool = selftestOnNodeB();

        RunResult kill = nodeA.hoshu("tanaka", "kill", tool.session(), "--reason", "scanner needed for a patient");

        assertEquals(0, kill.exitCode(), kill::toString);
        assertCutWithReason(tool, "tanaka", "scanner needed for a patient");
        nodeB.broker().awaitOutput("cut grant " + tool.grant() + " from node-a by tanaka", Duration.ofSeconds(5));
        RunResult again = nodeB.hoshu("sato", "ssh", "CT-01", "status");
        assertNotEquals(0, again.exitCode(), "the killed grant opens no new session on node B: " + again);
    }

    @Test
    @Order(2)
    void aDeviceLockOnNodeAEndsTheSessionOnNodeBAndRefusesNewOnesThere() {
        RunningTool tool = selftestOnNodeB();

        RunResult lock = nodeA.hoshu("tanaka", "lock", "device", "CT-01", "--reason", "patient inside");

        assertEquals(0, lock.exitCode(), lock::toString);
        Matcher lockId = LOCK_ID.matcher(lock.stdout());
        assertTrue(lockId.find(), lock::toString);
        assertCutWithReason(tool, "tanaka", "patient inside (lock " + lockId.group() + ")");
        RunResult refused = nodeB.hoshu("sato", "ssh", "CT-01", "status");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().strip().startsWith("refused: device CT-01 is locked by tanaka: patient inside"),
                refused::toString);
        RunResult unlock = nodeA.hoshu("tanaka", "unlock", lockId.group(), "--reason", "patient done");
        assertEquals(0, unlock.exitCode(), unlock::toString);
    }

    @Test
    @Order(3)
    void withRedisStoppedANewSessionIsRefusedWithTheReasonAndTheLiveOneRunsOnAndIsCutOnItsNode() throws IOException {
        RunningTool tool = selftestOnNodeB();
        Path keys = nodeB.home("sato").resolve("keys");

        redis.stop();

        // The same engineer, key and certificate, a second connection: the login needs the shared state.
        RunResult refused = nodeB.ssh(List.of("-i", keys.resolve("id_ed25519").toString(),
                "-o", "CertificateFile=" + keys.resolve(tool.grant() + "-cert.pub")), "CT-01", "status");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("refused: state store unavailable: "), refused::toString);
        String progress = "step " + (currentStep(tool) + 2) + "/600";
        tool.ssh().awaitOutput(progress, Duration.ofSeconds(10));
        assertTrue(tool.ssh().isAlive(), "the live session runs on without Redis");

        RunResult kill = nodeB.hoshu("tanaka", "kill", tool.session(), "--reason", "cut while Redis is away");

        // The session ends at once, but "killed" would claim the whole fleet refuses the grant (ADR 35).
        assertNotEquals(0, kill.exitCode(), kill::toString);
        assertTrue(kill.stderr().contains("failed: session " + tool.session() + " ended on this node, but grant "
                + tool.grant() + " is not revoked in the shared state (state store unavailable: "), kill::toString);
        assertCutWithReason(tool, "tanaka", "cut while Redis is away");

        redis.restart();
        Await.until(Duration.ofSeconds(20), "both nodes reach Redis again",
                () -> nodeA.hoshu("tanaka", "locks").exitCode() == 0 && nodeB.hoshu("tanaka", "locks").exitCode() == 0);
        // The revocation held on node B reached Redis: the certificate opens nothing any more.
        RunResult after = nodeB.ssh(List.of("-i", keys.resolve("id_ed25519").toString(),
                "-o", "CertificateFile=" + keys.resolve(tool.grant() + "-cert.pub")), "CT-01", "status");
        assertNotEquals(0, after.exitCode(), after::toString);
        assertTrue(after.stderr().contains("refused: grant " + tool.grant() + " was revoked: killed by tanaka: "
                + "cut while Redis is away"), after::toString);
    }

    private static int currentStep(RunningTool tool) {
        Matcher step = Pattern.compile("step (\\d+)/600").matcher(tool.ssh().output());
        int last = 0;
        while (step.find()) {
            last = Integer.parseInt(step.group(1));
        }
        return last;
    }

    @Test
    @Order(4)
    void decommissioningOnNodeAClosesTheTunnelOnNodeBAtOnceAndItsRedialIsRefused() {
        RunningTool tool = selftestOnNodeB();

        RunResult decommission = nodeA.hoshu("tanaka", "decommission", "CT-01", "--reason", "scanner replaced");
        long answered = System.nanoTime();

        assertEquals(0, decommission.exitCode(), decommission::toString);
        assertNotEquals(0, tool.ssh().awaitExit(Duration.ofSeconds(5)));
        long tookMillis = (System.nanoTime() - answered) / 1_000_000;
        assertTrue(tookMillis < 1_000, "the session on node B ended " + tookMillis + " ms after node A answered");
        assertTrue(tool.ssh().output().contains("hoshu: session " + tool.session()
                + " ended: device CT-01 decommissioned by tanaka: scanner replaced"), tool.ssh().output());
        awaitTreeGone(tool);
        nodeB.broker().awaitOutput("closing the tunnel of device CT-01: decommissioned by tanaka (on node node-a)",
                Duration.ofSeconds(2));
        nodeB.broker().awaitOutput("refused: device CT-01 was decommissioned by tanaka", Duration.ofSeconds(30));
    }

    @Test
    @Order(5)
    void aThirdNodeWithAPkiOfItsOwnRefusesToStartNamingWhatDiffers() {
        int http = HoshuSystem.freePort();
        ManagedProcess nodeC = HoshuSystem.startBroker(dir.resolve("c/broker"), http, HoshuSystem.freePort(),
                HoshuSystem.freePort(), dir.resolve("logs/broker-c.log"), fleetOptions("node-c"));
        try {
            assertNotEquals(0, nodeC.awaitExit(Duration.ofSeconds(60)), "node C must not start: " + nodeC.output());
            assertTrue(nodeC.output().lines().anyMatch(line -> line.contains("refused: node node-c cannot join the"
                    + " fleet: its PKI is not the fleet's (user CA SHA256:") && line.contains("first recorded by node"
                    + " node-a); copy the pki folder of a running node into this node's data-dir before starting it")),
                    nodeC.output());
        } finally {
            nodeC.close();
        }
    }
}
