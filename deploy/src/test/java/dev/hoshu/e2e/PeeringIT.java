package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy peering: two packaged brokers on one real redis-server; the device's agent keeps its tunnel only to node B,
 * the engineer's real {@code ssh} logs in at node A. Node A finds node B in the tunnel directory and opens the device
 * channel over the mutual-TLS peer link; node A records, checks the grant and audits. A tool's output and exit status
 * come back, an interactive {@code ssh -tt} tool works, and a kill on node A, a kill on node B and a device lock on node
 * B each end the relayed session with its reason and leave no process of the tool's tree; the agent's stop report
 * reaches node A's recording through node B, and its refusal of a tool reaches node A's audit log the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeeringIT {

    private static final Pattern SESSION_ID = Pattern.compile("\\bs-[0-9a-f]{16}\\b");

    @TempDir
    static Path dir;

    private RedisServer redis;
    private HoshuSystem nodeA;
    private HoshuSystem nodeB;
    private ManagedProcess agent;

    @BeforeAll
    void startTwoNodesWithTheTunnelOnNodeBAndAGrantOnNodeA() throws IOException {
        redis = RedisServer.start(dir.resolve("redis"));
        nodeA = HoshuSystem.start(dir.resolve("a"), fleetOptions("node-a"));
        HoshuSystem.copyTree(nodeA.brokerData().resolve("pki"), dir.resolve("b/broker/pki"));
        nodeB = HoshuSystem.start(dir.resolve("b"), fleetOptions("node-b"));
        Path deviceFiles = dir.resolve("device-files");
        Files.createDirectories(deviceFiles.resolve("var/log/ct-demo"));
        Files.writeString(deviceFiles.resolve("var/log/ct-demo/error.log"),
                "2026-11-21T09:01:00+09:00 E1001 gantry encoder retry\n");
        agent = nodeB.startAgent("CT-01", "tanaka", List.of("--device-files", deviceFiles.toString()));
        nodeB.awaitOnline("CT-01", "hosp-a");
        nodeA.approvedRequest("sato", "tanaka", "CT-01", "status", "console", "selftest", "logcollect");
    }

    private String[] fleetOptions(String node) {
        return FleetNodes.options(redis, "peering-it", node);
    }

    @AfterAll
    void stop() {
        FleetNodes.stopAll(nodeB, nodeA, redis);
    }

    @Test
    @Order(1)
    void aToolOnNodeBsTunnelRunsThroughNodeAAndNodeARecordsIt() {
        RunResult status = nodeA.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.stdout().contains("gantry: nominal (rotation 0.35 s, temperature 31.2 C)"), status::toString);
        nodeA.broker().awaitOutput("peer link from node node-a to node node-b at 127.0.0.1:", Duration.ofSeconds(5));
        nodeB.broker().awaitOutput("relaying a tool channel of device CT-01 for node node-a", Duration.ofSeconds(5));

        RunResult failing = nodeA.ssh(certificateOptions(), "CT-01", "status", "--fail");
        assertEquals(3, failing.exitCode(), failing::toString);
        assertTrue(failing.stderr().contains("cooling: ATTENTION (flow 71 % of nominal)"), failing::toString);

        String session = nodeA.recordedSessions().get(nodeA.recordedSessions().size() - 1);
        RunResult verify = nodeA.hoshu("suzuki", "recordings", "verify", nodeA.recording(session).toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().startsWith("intact") || verify.stdout().startsWith("ok"), verify::toString);
        assertTrue(recordingText(nodeA.recording(session)).contains("cooling: ATTENTION"),
                "node A recorded what the device said");
        assertFalse(Files.exists(nodeB.brokerData().resolve("recordings")) && nodeB.recordedSessions().contains(session),
                "node B only relays; the engineer's node records");
    }

    @Test
    @Order(2)
    void aToolTheDeviceRefusesIsAuditedOnNodeAWithTheDevicesLine() {
        String line = "denied: argument '../../etc/passwd' is not allowed for tool 'logcollect' (it takes no arguments "
                + "but its flags: --lines)";
        RunResult run = nodeA.ssh(certificateOptions(), "CT-01", "logcollect", "../../etc/passwd");

        assertEquals(126, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains(line), run::toString);
        // The agent reports the refusal on its tunnel to node B, which passes it over the peer link to node A: the
        // hospital's auditor finds it in node A's audit log, as for a session on node A's own tunnel.
        nodeB.broker().awaitOutput("(device CT-01) passed on to node node-a", Duration.ofSeconds(10));
        Await.until(Duration.ofSeconds(10), "node A audits the device's refusal", () -> {
            RunResult audit = nodeA.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "tool.run");
            assertEquals(0, audit.exitCode(), audit::toString);
            return audit.stdout().lines().anyMatch(l -> l.contains("\"outcome\":\"refused\"")
                    && l.contains("\"reason\":\"" + line) && l.contains("\"actor\":\"sato\"")
                    && l.contains("\"by\":\"device:CT-01\""));
        });
    }

    @Test
    @Order(3)
    void anInteractiveToolGetsItsTerminalOnTheDeviceThroughThePeerLink() {
        // -tt: a terminal on the device although this test's stdin is a pipe; the pipe stays open until "quit".
        List<String> ssh = nodeA.sshCommand(certificateOptions("-tt"), "CT-01", "console");
        String typed = "(sleep 1; printf 'echo hello over the peer link\\r'; sleep 2; printf 'quit\\r'; sleep 3) | "
                + String.join(" ", ssh.stream().map(PeeringIT::quoted).toList());
        RunResult console = Commands.run(List.of("sh", "-c", typed), Map.of(), null, dir);

        assertEquals(0, console.exitCode(), console::toString);
        assertTrue(console.stdout().contains("CT-DEMO-64 service console; type help"), console::toString);
        // The device's terminal echoes the typed line; the tool's answer is the line without "echo ".
        assertTrue(console.stdout().replace("echo hello over the peer link", "").contains("hello over the peer link\r\n"),
                console::toString);
        assertTrue(console.stdout().contains("bye"), console::toString);
    }

    @Test
    @Order(4)
    void aFileTransferReachesTheDeviceThroughThePeerLinkAndNodeARecordsItsHash() throws IOException {
        Path batch = dir.resolve("sftp-batch");
        Path local = dir.resolve("error-over-the-peer-link.log");
        Files.write(batch, List.of("get /logcollect/logs/error.log " + local));
        List<String> sftp = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-P", String.valueOf(nodeA.sshPort),
                "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + nodeA.knownHosts(), "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"));
        sftp.addAll(certificateOptions());
        sftp.add("CT-01@127.0.0.1");

        RunResult run = Commands.run(sftp, Map.of(), null, dir);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("2026-11-21T09:01:00+09:00 E1001 gantry encoder retry\n", Files.readString(local));
        nodeB.broker().awaitOutput("relaying a file transfer channel of device CT-01 for node node-a",
                Duration.ofSeconds(5));
        String session = nodeA.recordedSessions().get(nodeA.recordedSessions().size() - 1);
        assertTrue(recordingText(nodeA.recording(session)).lines().anyMatch(line -> line.contains("\"k\":\"file\"")
                && line.contains("/logcollect/logs/error.log") && line.contains("\"result\":\"ok\"")),
                "node A recorded the download");
    }

    /** The demo selftest the engineer runs through node A while its tunnel is on node B, once it prints. */
    private record RelayedTool(ManagedProcess ssh, String session, List<Long> tree, List<Long> before) {
    }

    private int selftests;

    private RelayedTool relayedSelftest() {
        if (selftests > 0) {
            // Each cut revokes its grant: the next run needs a grant of its own.
            nodeA.approvedRequest("sato", "tanaka", "CT-01", "selftest");
        }
        List<Long> before = descendants(agent);
        ManagedProcess selftest = ManagedProcess.start("selftest-" + ++selftests,
                HoshuSystem.cli("ssh", "CT-01", "selftest"), Map.of("HOSHU_HOME", nodeA.home("sato").toString()),
                dir.resolve("logs/selftest-" + selftests + ".log"));
        selftest.awaitOutput("step 2/600", Duration.ofSeconds(60));
        List<Long> tree = new ArrayList<>(descendants(agent));
        tree.removeAll(before);
        assertTrue(tree.size() >= 2, "the selftest and its helper should run under the agent on node B: " + tree);
        String[] found = new String[1];
        // Node B knows the session only from the fleet's session directory: node A holds it.
        Await.until(Duration.ofSeconds(10), "node B lists node A's session", () -> {
            Matcher id = SESSION_ID.matcher(nodeB.hoshu("tanaka", "sessions").stdout());
            while (id.find()) {
                if (!id.group().equals(lastSession)) {
                    found[0] = id.group();
                }
            }
            return found[0] != null;
        });
        lastSession = found[0];
        return new RelayedTool(selftest, found[0], tree, before);
    }

    private String lastSession;

    private void assertCut(RelayedTool tool, String reason) {
        assertEquals(137, tool.ssh().awaitExit(Duration.ofSeconds(10)), tool.ssh().output());
        assertTrue(tool.ssh().output().contains("hoshu: session " + tool.session() + " killed by tanaka: " + reason),
                tool.ssh().output());
        Await.until(Duration.ofSeconds(15), "no process of the tool's tree left in /proc", () -> {
            List<Long> now = new ArrayList<>(tool.tree());
            now.addAll(descendants(agent));
            now.removeAll(tool.before());
            return now.stream().distinct().noneMatch(PeeringIT::running);
        });
    }

    @Test
    @Order(5)
    void aKillOnNodeAEndsTheRelayedSessionAndTheToolsTreeOnTheDevice() {
        RelayedTool tool = relayedSelftest();

        RunResult kill = nodeA.hoshu("tanaka", "kill", tool.session(), "--reason", "scanner needed for a patient");

        assertEquals(0, kill.exitCode(), kill::toString);
        assertCut(tool, "scanner needed for a patient");
        // The agent's stop report comes on its tunnel to node B, which passes it over the peer link to node A: node
        // A's recording holds the confirmation before its seal, as for a session on node A's own tunnel.
        nodeB.broker().awaitOutput("stop report of session " + tool.session() + " (device CT-01) passed on to node "
                + "node-a", Duration.ofSeconds(15));
        Await.until(Duration.ofSeconds(15), "node A seals the recording",
                () -> recordingText(nodeA.recording(tool.session())).contains("\"k\":\"end\""));
        List<String> events = recordingText(nodeA.recording(tool.session())).lines().toList();
        String stop = events.stream().filter(line -> line.contains("\"k\":\"stop\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no stop confirmation in node A's recording: " + events));
        Matcher processes = Pattern.compile("\"processes\":(\\d+)").matcher(stop);
        assertTrue(processes.find() && Integer.parseInt(processes.group(1)) >= 2, stop);
        String end = events.stream().filter(line -> line.contains("\"k\":\"end\"")).findFirst().orElseThrow();
        assertFalse(end.contains("did not confirm the stop"), end);
    }

    @Test
    @Order(6)
    void aKillOnNodeBTheTunnelsNodeEndsTheSessionNodeAHolds() {
        RelayedTool tool = relayedSelftest();

        RunResult kill = nodeB.hoshu("tanaka", "kill", tool.session(), "--reason", "killed where the tunnel is");

        assertEquals(0, kill.exitCode(), kill::toString);
        assertCut(tool, "killed where the tunnel is");
    }

    @Test
    @Order(7)
    void aDeviceLockOnNodeBEndsTheRelayedSession() {
        RelayedTool tool = relayedSelftest();

        RunResult lock = nodeB.hoshu("tanaka", "lock", "device", "CT-01", "--reason", "patient inside");

        assertEquals(0, lock.exitCode(), lock::toString);
        Matcher lockId = Pattern.compile("\\bl-[a-z2-7]{10}\\b").matcher(lock.stdout());
        assertTrue(lockId.find(), lock::toString);
        assertCut(tool, "patient inside (lock " + lockId.group() + ")");
    }

    private List<String> certificateOptions(String... more) {
        Path keys = nodeA.home("sato").resolve("keys");
        List<String> options = new ArrayList<>();
        try (Stream<Path> certs = Files.list(keys)) {
            Path cert = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
            options.addAll(List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + cert));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        options.addAll(List.of(more));
        return options;
    }

    private static String recordingText(Path recording) {
        try {
            return Files.readString(recording, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
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
}
