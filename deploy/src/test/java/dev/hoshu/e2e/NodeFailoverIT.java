package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Two broker nodes on one real redis-server and agents that know both. CT-01 keeps a tunnel on each node; CT-02 keeps
 * one tunnel (--tunnels 1) and has to move. Node A drains on SIGTERM while a real {@code ssh} session runs on it:
 * new sessions there are refused, its readiness probe says not ready, CT-02 moves to node B before A lets its old
 * tunnel go, and the live session finishes before A stops. Node B is then killed with SIGKILL in the middle of a
 * session: CT-02 is back on the restarted node A within 30 s, a new session through A works, and the recording the
 * killed node left is intact up to its last line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeFailoverIT {

    private static final Pattern TUNNELS = Pattern.compile("(?m)^hoshu_tunnels_connected\\{[^}]*} ([0-9.]+)$");
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private RedisServer redis;
    private HoshuSystem nodeA;
    private HoshuSystem nodeB;
    private ManagedProcess ct01;
    private ManagedProcess ct02;
    private ManagedProcess restartedA;
    private int runs;

    @BeforeAll
    void startRedisTwoNodesAndTwoAgents() throws IOException {
        redis = RedisServer.start(dir.resolve("redis"));
        nodeA = HoshuSystem.start(dir.resolve("a"), fleetOptions("node-a"));
        HoshuSystem.copyTree(nodeA.brokerData().resolve("pki"), dir.resolve("b/broker/pki"));
        nodeB = HoshuSystem.start(dir.resolve("b"), fleetOptions("node-b"));
        String brokerB = "127.0.0.1:" + nodeB.tunnelPort;
        // Both enroll at node A and are told of node B: CT-01 then keeps two tunnels (the default), CT-02 one.
        ct01 = nodeA.startAgent("CT-01", "tanaka", List.of("--broker", brokerB));
        ct02 = nodeA.startAgent("CT-02", "tanaka", List.of("--broker", brokerB, "--tunnels", "1"));
        nodeA.approvedRequest("sato", "tanaka", "CT-01", "status", "selftest");
        nodeA.approvedRequest("sato", "tanaka", "CT-02", "status", "selftest");
    }

    private String[] fleetOptions(String node) {
        return FleetNodes.options(redis, "failover-it", node, "--hoshu.drain.timeout=40s");
    }

    @AfterAll
    void stop() {
        FleetNodes.stopAll(restartedA, nodeB, nodeA, redis);
    }

    @Test
    @Order(1)
    void anAgentWithBothAddressesHoldsATunnelOnEachNode() {
        nodeA.broker().awaitOutput("device CT-01 (hosp-a) online", Duration.ofSeconds(30));
        nodeB.broker().awaitOutput("device CT-01 (hosp-a) online", Duration.ofSeconds(30));
        nodeA.broker().awaitOutput("device CT-02 (hosp-a) online", Duration.ofSeconds(30));
        Await.until(Duration.ofSeconds(10), "node A counts two tunnels and node B one",
                () -> tunnels(nodeA) == 2 && tunnels(nodeB) == 1);

        RunResult viaA = nodeA.hoshu("sato", "ssh", "CT-01", "status");
        RunResult viaB = nodeB.hoshu("sato", "ssh", "CT-01", "status");

        assertEquals(0, viaA.exitCode(), viaA::toString);
        assertEquals(0, viaB.exitCode(), viaB::toString);
        assertTrue(!nodeB.broker().output().contains("device CT-02 (hosp-a) online"),
                "CT-02 keeps one tunnel, on the first node it knows");
    }

    @Test
    @Order(2)
    void aDrainingNodeRefusesNewSessionsMovesItsAgentsFirstAndLetsTheLiveSessionFinish() throws Exception {
        ManagedProcess live = selftest(nodeA, "CT-02");

        nodeA.broker().handle().destroy(); // SIGTERM

        nodeA.broker().awaitOutput("draining node node-a", Duration.ofSeconds(10));
        RunResult refused = nodeA.hoshu("sato", "ssh", "CT-01", "status");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("refused: broker node node-a is shutting down; connect again to reach "
                + "another node"), refused::toString);
        assertEquals(503, readiness(nodeA), "the load balancer takes node A out");
        nodeB.broker().awaitOutput("device CT-02 (hosp-a) online", Duration.ofSeconds(15));
        ct02.awaitOutput("moving this tunnel to broker 127.0.0.1:" + nodeB.tunnelPort, Duration.ofSeconds(5));
        assertTrue(live.isAlive() && nodeA.broker().isAlive(),
                "CT-02 is on node B while its old tunnel still carries the session on node A");
        RunResult viaB = nodeB.hoshu("sato", "ssh", "CT-02", "status");
        assertEquals(0, viaB.exitCode(), viaB::toString);

        // The engineer finishes: the node stops as soon as its last session has ended, well before the timeout.
        live.handle().descendants().filter(p -> p.info().command().orElse("").endsWith("/ssh"))
                .forEach(ProcessHandle::destroy);
        nodeA.broker().awaitOutput("1 session(s) finished, 0 ended at the timeout", Duration.ofSeconds(20));
        Await.until(Duration.ofSeconds(20), "node A to exit", () -> !nodeA.broker().isAlive());
        String audit = auditLog(nodeA);
        assertTrue(audit.contains("\"node.drain\"") && audit.contains("\"node.drain.end\""), audit);
    }

    @Test
    @Order(3)
    void aNodeKilledWithSigkillLeavesAVerifiableRecordingAndTheAgentIsBackOnTheOtherNodeWithin30s() throws Exception {
        restartedA = HoshuSystem.startBroker(nodeA.brokerData(), nodeA.httpPort, nodeA.sshPort, nodeA.tunnelPort,
                dir.resolve("a/logs/broker-restarted.log"), fleetOptions("node-a"));
        restartedA.awaitOutput("hoshu broker node-a up", Duration.ofSeconds(90));
        // The engineer on node A, CT-02's only tunnel on node B: node A relays over the peer link and records.
        Path before = newestRecordingFile(nodeA).orElse(null);
        RunResult relayed = nodeA.hoshu("sato", "ssh", "CT-02", "status");
        assertEquals(0, relayed.exitCode(), relayed::toString);
        assertTrue(relayed.stdout().contains("gantry: nominal"), relayed::toString);
        Path recorded = newestRecordingFile(nodeA).orElseThrow();
        assertTrue(!recorded.equals(before) && Files.readAllLines(recorded).get(0).contains("\"device\":\"CT-02\""),
                "node A records the relayed session: " + recorded);
        ManagedProcess running = selftest(nodeB, "CT-02");
        String session = newestRecording(nodeB);

        long killed = System.nanoTime();
        nodeB.broker().handle().destroyForcibly(); // SIGKILL: no drain, no seal

        restartedA.awaitOutput("device CT-02 (hosp-a) online", BACK_WITHIN);
        Duration back = Duration.ofNanos(System.nanoTime() - killed);
        assertTrue(back.compareTo(BACK_WITHIN) < 0, "back after " + back.toSeconds() + " s");
        RunResult viaA = nodeA.hoshu("sato", "ssh", "CT-02", "status");
        assertEquals(0, viaA.exitCode(), viaA::toString);
        running.awaitExit(Duration.ofSeconds(60));
        RunResult verify = nodeA.hoshu("suzuki", "recordings", "verify",
                nodeB.recording(session).toString());
        assertEquals(2, verify.exitCode(), verify::toString);
        assertTrue(verify.stdout().matches("intact up to line \\d+, not sealed \\(broker stopped before the end\\)\\s*"),
                verify::toString);
    }

    private ManagedProcess selftest(HoshuSystem node, String device) {
        ManagedProcess ssh = ManagedProcess.start("selftest-" + ++runs, HoshuSystem.cli("ssh", device, "selftest"),
                Map.of("HOSHU_HOME", node.home("sato").toString()), dir.resolve("logs/selftest-" + runs + ".log"));
        ssh.awaitOutput("step 2/600", Duration.ofSeconds(60));
        return ssh;
    }

    private static String newestRecording(HoshuSystem node) throws IOException {
        return newestRecordingFile(node).map(p -> p.getFileName().toString().replace(".jsonl", "")).orElseThrow();
    }

    private static java.util.Optional<Path> newestRecordingFile(HoshuSystem node) throws IOException {
        try (Stream<Path> files = Files.walk(node.brokerData().resolve("recordings"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().lastModified()));
        }
    }

    private static String auditLog(HoshuSystem node) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(node.brokerData().resolve("audit"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    private static int tunnels(HoshuSystem node) {
        Matcher gauge = TUNNELS.matcher(get(node, "/actuator/prometheus").body());
        return gauge.find() ? (int) Double.parseDouble(gauge.group(1)) : -1;
    }

    private static int readiness(HoshuSystem node) {
        return get(node, "/actuator/health/readiness").statusCode();
    }

    private static HttpResponse<String> get(HoshuSystem node, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.brokerUrl() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
