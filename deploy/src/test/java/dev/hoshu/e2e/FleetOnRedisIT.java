package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.broker.faults.Faults;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two broker nodes on one real redis-server, as a service company runs a fleet: node B holds the device's tunnel and
 * relays the engineer's real {@code ssh} session; hospital staff call node A. A kill and a device lock made on A end
 * B's session with the reason and leave no process of the tool's tree in /proc; a decommissioning made on A closes
 * the device's tunnel on B at once and its redial is refused. With Redis stopped, a new session is refused with the
 * reason while the live one runs on and can still be cut on its own node (the kill then says the grant's
 * revocation is not yet shared, and once Redis is back the grant is refused).
 *
 * <p>Node A reaches Redis only through the fault proxy (toxiproxy-java client, ADR 35): with its link 300 ms slow, a
 * kill through node B of a session on A is acknowledged only once A refuses the grant; at 1.5 s A refuses every
 * login; with its link cut, a login through A is refused with one audited line while node B still admits and A's live
 * session runs on; a kill through A while the link resets every connection answers 503, still ends the session,
 * and once the link is healthy both nodes refuse the grant and A's recording verifies.
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
    private Faults faults;
    /** Node A's only way to Redis; node B and node C dial Redis directly. */
    private Proxy redisOfNodeA;
    private HoshuSystem nodeA;
    private HoshuSystem nodeB;
    private ManagedProcess agent;
    private int toolRuns;

    @BeforeAll
    void startRedisTwoNodesAndTheAgentOnNodeB() throws IOException {
        redis = RedisServer.start(dir.resolve("redis"));
        faults = Faults.start();
        redisOfNodeA = faults.client().createProxy("redis-of-node-a", "127.0.0.1:0", redis.address());
        nodeA = HoshuSystem.start(dir.resolve("a"), FleetNodes.options(redisOfNodeA.getListen(), "fleet-it", "node-a"));
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
        FleetNodes.stopAll(nodeB, nodeA, faults, redis);
    }

    /** A selftest the engineer runs: its ssh, session, grant, and the processes it started under the agent. */
    private record RunningTool(ManagedProcess ssh, String session, String grant, List<Long> tree, List<Long> before) {

        List<Long> stillRunning(ManagedProcess agent) {
            List<Long> now = new ArrayList<>(tree);
            now.addAll(agent.descendantPids());
            now.removeAll(before);
            return now.stream().distinct().filter(ManagedProcess::running).toList();
        }
    }

    /** Asked for on node B and approved on node A; node B relays it. */
    private RunningTool selftestOnNodeB() {
        return selftest(nodeB, nodeA);
    }

    /** A selftest the engineer runs through {@code engineersNode}, asked for there and approved on the other node. */
    private RunningTool selftest(HoshuSystem engineersNode, HoshuSystem approversNode) {
        approvedOn(approversNode, requestOn(engineersNode, "selftest", "status"));
        List<Long> before = agent.descendantPids();
        ManagedProcess ssh = ManagedProcess.start("selftest-" + ++toolRuns, HoshuSystem.cli("ssh", "CT-01", "selftest"),
                Map.of("HOSHU_HOME", engineersNode.home("sato").toString()),
                dir.resolve("logs/selftest-" + toolRuns + ".log"));
        ssh.awaitOutput("step 2/600", Duration.ofSeconds(60));
        List<Long> tree = new ArrayList<>(agent.descendantPids());
        tree.removeAll(before);
        assertTrue(tree.size() >= 2, "the selftest and its helper should run under the agent: " + tree);
        // Node A lists its own sessions and, from the shared directory, node B's.
        String[] found = new String[1];
        Await.until(Duration.ofSeconds(10), "node A lists the session", () -> {
            RunResult sessions = nodeA.hoshu("tanaka", "sessions");
            Matcher id = SESSION_ID.matcher(sessions.stdout());
            while (id.find()) {
                found[0] = id.group();
            }
            return found[0] != null && !found[0].equals(lastSession);
        });
        lastSession = found[0];
        return new RunningTool(ssh, found[0], newestGrantCertificate(engineersNode), tree, before);
    }

    private String lastSession;

    /** The grant whose certificate {@code hoshu ssh} fetched last (it saves it as keys/GRANT-cert.pub). */
    private static String newestGrantCertificate(HoshuSystem engineersNode) {
        try (var files = Files.list(engineersNode.home("sato").resolve("keys"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-cert.pub"))
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().lastModified()))
                    .map(f -> f.getFileName().toString().replace("-cert.pub", "")).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String requestOn(HoshuSystem node, String... tools) {
        List<String> args = new ArrayList<>(List.of("request", "CT-01", "--category", "MAINTENANCE",
                "--reason", "WO-FLEET-" + (toolRuns + 1), "--minutes", "30"));
        for (String tool : tools) {
            args.addAll(List.of("--tool", tool));
        }
        RunResult request = node.hoshu("sato", args.toArray(String[]::new));
        assertEquals(0, request.exitCode(), request::toString);
        Matcher id = REQUEST_ID.matcher(request.stdout());
        assertTrue(id.find(), request::toString);
        return id.group();
    }

    private static void approvedOn(HoshuSystem node, String requestId) {
        RunResult approve = node.hoshu("tanaka", "approve", requestId);
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
    void withNodeAsRedisLinkSlowARevocationThroughNodeBIsAcknowledgedOnlyOnceNodeARefusesTheGrant() throws IOException {
        // A second grant, fetched through node B, for the revocation made while the link is slower than the timeout.
        nodeB.approvedRequest("sato", "tanaka", "CT-01", "status");
        RunResult fetched = nodeB.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, fetched.exitCode(), fetched::toString);
        String revokedWhileSlow = newestGrantCertificate(nodeB);
        RunningTool tool = selftest(nodeA, nodeB);
        Latency slow = redisOfNodeA.toxics().latency("slow-redis", ToxicDirection.DOWNSTREAM, 300);
        try {
            RunResult kill = nodeB.hoshu("tanaka", "kill", tool.session(), "--reason", "scanner needed for a patient");

            assertEquals(0, kill.exitCode(), kill::toString);
            // Acknowledged: from this moment node A, 300 ms away from Redis, refuses the grant with its reason.
            RunResult after = sshWithGrant(nodeA, nodeA, tool.grant());
            assertNotEquals(0, after.exitCode(), after::toString);
            assertEquals("refused: grant " + tool.grant() + " was revoked: killed by tanaka: scanner needed for a patient",
                    refusalLine(after));
            assertCutWithReason(tool, "tanaka", "scanner needed for a patient");

            slow.setLatency(1_500);
            RunResult revoke = nodeB.hoshu("tanaka", "grants", "revoke", revokedWhileSlow, "--reason", "wrong scanner");
            assertEquals(0, revoke.exitCode(), revoke::toString);
            // Slower than the command timeout, node A cannot read the grant: it refuses rather than guess.
            RunResult whileSlow = sshWithGrant(nodeA, nodeB, revokedWhileSlow);
            assertNotEquals(0, whileSlow.exitCode(), whileSlow::toString);
            assertTrue(refusalLine(whileSlow).startsWith("refused: state store unavailable: "), whileSlow::toString);
        } finally {
            slow.remove();
        }
        RunResult healed = sshWithGrant(nodeA, nodeB, revokedWhileSlow);
        assertNotEquals(0, healed.exitCode(), healed::toString);
        assertTrue(refusalLine(healed).startsWith("refused: grant " + revokedWhileSlow + " was revoked: ")
                && refusalLine(healed).endsWith("wrong scanner"), healed::toString);
    }

    /** The session on node A that lives through the cut of A's link to Redis and is killed in the next test. */
    private RunningTool onNodeAWhileCut;

    @Test
    @Order(4)
    void withNodeAsRedisLinkCutALoginThroughAIsRefusedInOneAuditedLineWhileNodeBAdmitsAndTheLiveSessionRunsOn()
            throws IOException {
        RunningTool tool = selftest(nodeA, nodeB);
        onNodeAWhileCut = tool;

        redisOfNodeA.disable();

        RunResult refused = sshWithGrant(nodeA, nodeA, tool.grant());
        assertNotEquals(0, refused.exitCode(), refused::toString);
        String line = refusalLine(refused);
        assertTrue(line.startsWith("refused: state store unavailable: "), refused::toString);
        Await.until(Duration.ofSeconds(5), "node A audits the refused login with its line",
                () -> auditedOnNodeA("session.login", "refused", line, tool.grant()));
        // Only node A is cut off: node B admits the same certificate.
        RunResult onNodeB = sshWithGrant(nodeB, nodeA, tool.grant());
        assertEquals(0, onNodeB.exitCode(), onNodeB::toString);
        tool.ssh().awaitOutput("step " + (currentStep(tool) + 2) + "/600", Duration.ofSeconds(10));
        assertTrue(tool.ssh().isAlive(), "the live session on node A runs on without Redis");
    }

    @Test
    @Order(5)
    void aKillThroughNodeAWhileItsRedisLinkResetsAnswers503EndsTheSessionAndHealedBothNodesRefuseTheGrant()
            throws Exception {
        RunningTool tool = onNodeAWhileCut;
        assertNotNull(tool, "the session of the previous test");
        redisOfNodeA.enable();
        Await.until(Duration.ofSeconds(20), "node A reaches Redis again", () -> nodeA.hoshu("tanaka", "locks").exitCode() == 0);
        ResetPeer reset = redisOfNodeA.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
        HttpResponse<String> kill;
        try {
            kill = killThroughApi(nodeA, tool.session(), "reset during the kill");

            assertEquals(503, kill.statusCode(), kill::body);
            String error = JsonMapper.shared().readTree(kill.body()).path("error").asString();
            assertTrue(error.startsWith("failed: session " + tool.session() + " ended on this node, but grant "
                    + tool.grant() + " is not revoked in the shared state (state store unavailable: "), error);
            assertTrue(error.endsWith("another node may still admit it: revoke grant " + tool.grant() + " again"), error);
            assertFalse(error.contains("\n"), error);
            assertCutWithReason(tool, "tanaka", "reset during the kill");
        } finally {
            reset.remove();
        }
        String lastStepSeen = "step " + currentStep(tool) + "/600";

        // Nobody asks node A anything: it writes the revocation it holds as soon as Redis answers it again.
        String revoked = "refused: grant " + tool.grant() + " was revoked: killed by tanaka: reset during the kill";
        Await.until(Duration.ofSeconds(15), "node B refuses the grant node A revoked",
                () -> sshWithGrant(nodeB, nodeA, tool.grant()).stderr().lines().anyMatch(revoked::equals));
        RunResult onNodeA = sshWithGrant(nodeA, nodeA, tool.grant());
        assertNotEquals(0, onNodeA.exitCode(), onNodeA::toString);
        assertEquals(revoked, refusalLine(onNodeA));

        // Node A seals once the device confirms the stop (node B passes a relayed session's confirmation back over
        // the peer link) or after its 10 s wait for it.
        Path recording = nodeA.recording(tool.session());
        RunResult[] verify = new RunResult[1];
        Await.until(Duration.ofSeconds(30), "node A seals the recording", () -> {
            verify[0] = nodeA.hoshu("suzuki", "recordings", "verify", recording.toString());
            return verify[0].exitCode() == 0;
        });
        assertTrue(verify[0].stdout().startsWith("ok: "), verify[0]::toString);
        String recorded = Files.readString(recording, StandardCharsets.UTF_8);
        assertTrue(recorded.contains(lastStepSeen) && recorded.contains("reset during the kill"),
                "node A recorded the session up to " + lastStepSeen + " and its kill");
    }

    /** A login with the engineer's key and one grant's certificate, as saved in the CLI home on {@code keysFrom}. */
    private static RunResult sshWithGrant(HoshuSystem through, HoshuSystem keysFrom, String grant) {
        Path keys = keysFrom.home("sato").resolve("keys");
        return through.ssh(List.of("-i", keys.resolve("id_ed25519").toString(),
                "-o", "CertificateFile=" + keys.resolve(grant + "-cert.pub")), "CT-01", "status");
    }

    /** The one line the gateway refused with; OpenSSH adds its own lines, none of which start so. */
    private static String refusalLine(RunResult run) {
        List<String> lines = run.stderr().lines().filter(l -> l.startsWith("refused: ")).toList();
        assertEquals(1, lines.size(), run::toString);
        return lines.get(0);
    }

    private boolean auditedOnNodeA(String action, String outcome, String reason, String certificate) {
        try (var files = Files.list(nodeA.brokerData().resolve("audit"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode event = parsed(line);
                    if (event.path("action").asString("").equals(action)
                            && event.path("outcome").asString("").equals(outcome)
                            && event.path("reason").asString("").equals(reason)
                            && event.path("details").path("certificate").asString("").equals(certificate)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line of the audit log; one the broker is still writing reads as nothing. */
    private static JsonNode parsed(String line) {
        try {
            return JsonMapper.shared().readTree(line);
        } catch (JacksonException partial) {
            return JsonMapper.shared().missingNode();
        }
    }

    /** The kill as the hospital's own system calls it, to see the status the API answers. */
    private static HttpResponse<String> killThroughApi(HoshuSystem node, String session, String reason)
            throws IOException, InterruptedException {
        String token = JsonMapper.shared().readTree(Files.readString(node.home("tanaka").resolve("session.json")))
                .path("token").asString();
        String body = JsonMapper.shared().createObjectNode().put("reason", reason).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.brokerUrl() + "/api/v1/sessions/" + session + "/kill"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(6)
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
    @Order(7)
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
    @Order(8)
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
