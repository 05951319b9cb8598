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
 * come back, an interactive {@code ssh -tt} tool works, and a kill on node A ends the relayed session with no process
 * of the tool's tree left.
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
        agent = nodeB.startAgent("CT-01", "tanaka");
        nodeB.awaitOnline("CT-01", "hosp-a");
        nodeA.approvedRequest("sato", "tanaka", "CT-01", "status", "console", "selftest");
    }

    private String[] fleetOptions(String node) {
        return new String[] {"--hoshu.state.backend=redis", "--hoshu.redis.nodes=" + redis.address(),
                "--hoshu.redis.key-prefix=peering-it", "--hoshu.node-name=" + node,
                "--hoshu.fleet.peer.host=127.0.0.1", "--hoshu.fleet.peer.port=0",
                "--hoshu.redis.session-ttl=5s", "--hoshu.redis.command-timeout=1s"};
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeB, nodeA, redis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Closing: the others must still stop.
            }
        }
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
    void anInteractiveToolGetsItsTerminalOnTheDeviceThroughThePeerLink() {
        // -tt: a terminal on the device although this test's stdin is a pipe; the pipe stays open until "quit".
        List<String> ssh = nodeA.sshCommand(certificateOptions("-tt"), "CT-01", "console");
        String typed = "(printf 'echo hello over the peer link\\r'; sleep 2; printf 'quit\\r'; sleep 3) | "
                + String.join(" ", ssh.stream().map(PeeringIT::quoted).toList());
        RunResult console = Commands.run(List.of("sh", "-c", typed), Map.of(), null, dir);

        assertEquals(0, console.exitCode(), console::toString);
        assertTrue(console.stdout().contains("CT-DEMO-64 service console; type help"), console::toString);
        assertTrue(console.stdout().contains("\r\nhello over the peer link\r\n"), console::toString);
        assertTrue(console.stdout().contains("bye"), console::toString);
    }

    @Test
    @Order(3)
    void aKillOnNodeAEndsTheRelayedSessionAndTheToolsTreeOnTheDevice() {
        List<Long> before = descendants(agent);
        ManagedProcess selftest = ManagedProcess.start("selftest", HoshuSystem.cli("ssh", "CT-01", "selftest"),
                Map.of("HOSHU_HOME", nodeA.home("sato").toString()), dir.resolve("logs/selftest.log"));
        selftest.awaitOutput("step 2/600", Duration.ofSeconds(60));
        List<Long> tree = new ArrayList<>(descendants(agent));
        tree.removeAll(before);
        assertTrue(tree.size() >= 2, "the selftest and its helper should run under the agent on node B: " + tree);
        RunResult sessions = nodeA.hoshu("tanaka", "sessions");
        Matcher id = SESSION_ID.matcher(sessions.stdout());
        assertTrue(id.find(), sessions::toString);
        String session = id.group();

        RunResult kill = nodeA.hoshu("tanaka", "kill", session, "--reason", "scanner needed for a patient");

        assertEquals(0, kill.exitCode(), kill::toString);
        assertEquals(137, selftest.awaitExit(Duration.ofSeconds(10)), selftest.output());
        assertTrue(selftest.output().contains("hoshu: session " + session
                + " killed by tanaka: scanner needed for a patient"), selftest.output());
        Await.until(Duration.ofSeconds(15), "no process of the tool's tree left in /proc", () -> {
            List<Long> now = new ArrayList<>(tree);
            now.addAll(descendants(agent));
            now.removeAll(before);
            return now.stream().distinct().noneMatch(PeeringIT::running);
        });
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
