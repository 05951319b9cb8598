package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.broker.faults.Faults;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kill switch and locks as hospital staff use them, with real ssh clients and a long-running tool that spawns
 * children: each target's cut ends the session with the reason and leaves no process of the tree; a locked target
 * gets no new session; unlocking restores access. The on-site switch works without the broker and survives agent
 * restarts; a cut agent link stops the tool after the grace period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillSwitchIT {

    private static final Pattern SESSION_ID = Pattern.compile("\\bs-[0-9a-f]{16}\\b");
    private static final Pattern LOCK_ID = Pattern.compile("\\bl-[a-z2-7]{10}\\b");
    private static final String REASON = "scanner needed for a patient";
    private static final Duration CUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    private static final Pattern SECRET = Pattern.compile("^secret (whsec_[a-z2-7]{32})$", Pattern.MULTILINE);

    private HoshuSystem hoshu;
    private WebhookReceiver hospitalA;
    private WebhookReceiver hospitalB;
    private ManagedProcess agent;
    private ManagedProcess restartedBroker;
    private int toolRuns;

    @BeforeAll
    void startBrokerAndAgent() throws IOException {
        hoshu = HoshuSystem.start(dir, "--hoshu.webhooks.allow-plain-http=true",
                "--hoshu.webhooks.poll-interval=100ms");
        agent = hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hospitalA = subscribe("tanaka");
        hospitalB = subscribe("kato");
    }

    /** A receiver for every event of the admin's hospital, as its IT would register one. */
    private WebhookReceiver subscribe(String admin) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver();
        RunResult add = hoshu.hoshu(admin, "webhooks", "add", receiver.url());
        assertEquals(0, add.exitCode(), add::toString);
        Matcher secret = SECRET.matcher(add.stdout());
        assertTrue(secret.find(), add::toString);
        receiver.secret(secret.group(1));
        return receiver;
    }

    private static WebhookReceiver.Notice awaitNotice(WebhookReceiver receiver, String event, String about) {
        Await.until(Duration.ofSeconds(15), event + " about " + about + " at the hospital's receiver",
                () -> receiver.find(event, about).isPresent());
        WebhookReceiver.Notice notice = receiver.find(event, about).orElseThrow();
        assertTrue(notice.signed(), "the signature must verify: " + notice);
        assertEquals("hosp-a", notice.body().path("hospital").asString(), notice::toString);
        return notice;
    }

    private static List<String> sessionsIn(WebhookReceiver.Notice notice) {
        List<String> sessions = new ArrayList<>();
        notice.body().path("sessions").forEach(id -> sessions.add(id.asString()));
        return sessions;
    }

    @AfterAll
    void stop() {
        if (hospitalA != null) {
            hospitalA.close();
        }
        if (hospitalB != null) {
            hospitalB.close();
        }
        if (restartedBroker != null) {
            restartedBroker.close();
        }
        if (hoshu != null) {
            hoshu.close();
        }
    }

    /**
     * A selftest running under a fresh grant through {@code hoshu ssh}: its session id, its process tree as first
     * seen, and the agent it runs under with the processes that agent had before, to find children born later.
     */
    private record RunningTool(ManagedProcess ssh, String session, List<Long> tree, ManagedProcess agent,
                               List<Long> before) {

        /** Every process of the tool now: the first ones still running and any the agent started since. */
        List<Long> stillRunning() {
            List<Long> now = new ArrayList<>(tree);
            now.addAll(agent.descendantPids());
            now.removeAll(before);
            return now.stream().distinct().filter(ManagedProcess::running).toList();
        }
    }

    private RunningTool selftest(String device, ManagedProcess deviceAgent) {
        hoshu.approvedRequest("sato", "tanaka", device, "selftest", "status");
        List<Long> before = deviceAgent.descendantPids();
        ManagedProcess ssh = ManagedProcess.start("selftest-" + ++toolRuns, HoshuSystem.cli("ssh", device, "selftest"),
                Map.of("HOSHU_HOME", hoshu.home("sato").toString()), dir.resolve("logs/selftest-" + toolRuns + ".log"));
        ssh.awaitOutput("step 2/600", Duration.ofSeconds(60));
        List<Long> tree = new ArrayList<>(deviceAgent.descendantPids());
        tree.removeAll(before);
        assertTrue(tree.size() >= 2, "the selftest and its helper should run under the agent: " + tree);
        RunResult sessions = hoshu.hoshu("tanaka", "sessions");
        Matcher id = SESSION_ID.matcher(sessions.stdout());
        String session = null;
        while (id.find()) {
            session = id.group();
        }
        assertTrue(session != null, sessions::toString);
        return new RunningTool(ssh, session, tree, deviceAgent, before);
    }

    private static void awaitTreeGone(RunningTool tool) {
        Await.until(Duration.ofSeconds(15), "no process of the tool's tree left in /proc",
                () -> tool.stillRunning().isEmpty());
    }

    private static void assertCutWithReason(RunningTool tool, String by, String reason) {
        int exit = tool.ssh().awaitExit(CUT);
        String output = tool.ssh().output();
        assertEquals(137, exit, output);
        assertTrue(output.contains("hoshu: session " + tool.session() + " killed by " + by + ": " + reason), output);
        awaitTreeGone(tool);
    }

    private String lock(String... args) {
        List<String> command = new ArrayList<>(List.of("lock"));
        command.addAll(List.of(args));
        command.addAll(List.of("--reason", REASON));
        RunResult lock = hoshu.hoshu("tanaka", command.toArray(String[]::new));
        assertEquals(0, lock.exitCode(), lock::toString);
        Matcher id = LOCK_ID.matcher(lock.stdout());
        assertTrue(id.find(), lock::toString);
        return id.group();
    }

    private void unlock(String lockId) {
        RunResult unlock = hoshu.hoshu("tanaka", "unlock", lockId, "--reason", "patient done");
        assertEquals(0, unlock.exitCode(), unlock::toString);
    }

    private static void assertOneLine(RunResult run, String startsWith, String mentions) {
        List<String> lines = run.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith(startsWith), run::toString);
        assertTrue(lines.get(0).contains(mentions), run::toString);
    }

    private JsonNode api(String user, String path) throws IOException, InterruptedException {
        JsonNode login = JsonMapper.shared().readTree(Files.readString(hoshu.home(user).resolve("session.json")));
        HttpRequest request = HttpRequest.newBuilder(URI.create(hoshu.brokerUrl() + "/api/v1" + path))
                .header("Authorization", "Bearer " + login.path("token").asString()).build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer::body);
        return JsonMapper.shared().readTree(answer.body());
    }

    @Test
    @Order(1)
    void aDeviceLockEndsTheSessionRefusesNewOnesUntilUnlockedAndTheDeviceConfirmsTheStop() throws Exception {
        RunningTool tool = selftest("CT-01", agent);

        String lockId = lock("device", "CT-01");

        assertCutWithReason(tool, "tanaka", REASON + " (lock " + lockId + ")");
        Await.until(Duration.ofSeconds(15), "the device's stop confirmation", () -> {
            try {
                return !api("tanaka", "/sessions/" + tool.session()).path("deviceStoppedAt").isNull();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        JsonNode session = api("tanaka", "/sessions/" + tool.session());
        assertEquals("killed", session.path("state").asString());
        assertEquals("tanaka", session.path("killedBy").asString());
        assertTrue(session.path("stoppedProcesses").asInt() >= 2, session::toString);
        WebhookReceiver.Notice locked = awaitNotice(hospitalA, "lock.created", lockId);
        assertEquals("tanaka", locked.body().path("actor").asString(), locked::toString);
        assertEquals("device", locked.body().path("target").path("kind").asString(), locked::toString);
        assertEquals("CT-01", locked.body().path("target").path("value").asString(), locked::toString);
        assertEquals(REASON, locked.body().path("reason").asString(), locked::toString);
        assertEquals(List.of(tool.session()), sessionsIn(locked));
        assertFalse(locked.body().path("at").isNull(), locked::toString);
        WebhookReceiver.Notice stopped = awaitNotice(hospitalA, "session.stopped", tool.session());
        assertEquals("device:CT-01", stopped.body().path("actor").asString(), stopped::toString);
        assertEquals(session.path("stoppedProcesses").asInt(), stopped.body().path("processes").asInt(),
                stopped::toString);

        RunResult refused = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertOneLine(refused, "refused: device CT-01 is locked by tanaka: " + REASON, lockId);
        RunResult locks = hoshu.hoshu("suzuki", "locks");
        assertTrue(locks.stdout().contains(lockId), locks::toString);

        unlock(lockId);
        WebhookReceiver.Notice unlocked = awaitNotice(hospitalA, "lock.removed", lockId);
        assertEquals("patient done", unlocked.body().path("reason").asString(), unlocked::toString);

        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status");
        RunResult again = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, again.exitCode(), again::toString);
    }

    @Test
    @Order(2)
    void aSessionLockCutsThatSession() {
        RunningTool tool = selftest("CT-01", agent);

        String lockId = lock("session", tool.session());

        assertCutWithReason(tool, "tanaka", REASON + " (lock " + lockId + ")");
    }

    @Test
    @Order(3)
    void anEngineerLockCutsTheirSessionsAndTheirNextApprovalIsRefused() {
        RunningTool tool = selftest("CT-01", agent);

        String lockId = lock("engineer", "sato");

        assertCutWithReason(tool, "tanaka", REASON + " (lock " + lockId + ")");
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--category", "MAINTENANCE", "--tool", "status",
                "--reason", "WO-E2E-2", "--minutes", "30");
        Matcher requestId = Pattern.compile("\\br-[a-z0-9]+").matcher(request.stdout());
        assertTrue(requestId.find(), request::toString);
        RunResult approve = hoshu.hoshu("tanaka", "approve", requestId.group());
        assertNotEquals(0, approve.exitCode(), approve::toString);
        assertOneLine(approve, "refused: engineer sato at hosp-a is locked by tanaka", lockId);
        unlock(lockId);
    }

    @Test
    @Order(4)
    void aCompanyLockCutsItsEngineersSessions() {
        RunningTool tool = selftest("CT-01", agent);

        String lockId = lock("company", "medserve");

        assertCutWithReason(tool, "tanaka", REASON + " (lock " + lockId + ")");
        unlock(lockId);
    }

    @Test
    @Order(5)
    void aHospitalLockCutsAllRemoteMaintenanceOfTheHospitalAndAnotherHospitalCannotTouchIt() {
        RunResult foreign = hoshu.hoshu("kato", "lock", "device", "CT-01", "--reason", "not mine");
        assertNotEquals(0, foreign.exitCode(), foreign::toString);
        assertOneLine(foreign, "denied:", "CT-01");
        RunningTool tool = selftest("CT-01", agent);

        String lockId = lock("hospital");

        assertCutWithReason(tool, "tanaka", REASON + " (lock " + lockId + ")");
        RunResult refused = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertOneLine(refused, "refused: remote maintenance of hosp-a is locked by tanaka", lockId);
        unlock(lockId);
    }

    @Test
    @Order(6)
    void aKillFromTheCliStillEndsTheSession() {
        RunningTool tool = selftest("CT-01", agent);

        RunResult kill = hoshu.hoshu("tanaka", "kill", tool.session(), "--reason", REASON);

        assertEquals(0, kill.exitCode(), kill::toString);
        assertCutWithReason(tool, "tanaka", REASON);
        WebhookReceiver.Notice killed = awaitNotice(hospitalA, "session.killed", tool.session());
        assertEquals("tanaka", killed.body().path("actor").asString(), killed::toString);
        assertEquals(REASON, killed.body().path("reason").asString(), killed::toString);
        assertTrue(sessionsIn(killed).contains(tool.session()), killed::toString);
        assertEquals(1, killed.body().path("grants").size(), killed::toString);
        for (String kind : List.of("session", "device", "engineer", "company", "hospital")) {
            assertTrue(hospitalA.received().stream().anyMatch(n -> n.event().equals("lock.created")
                    && n.body().path("target").path("kind").asString().equals(kind)), "no lock.created for a " + kind);
        }
        assertEquals(List.of(), hospitalB.received(), "another hospital's receiver heard of hosp-a's cuts");
    }

    @Test
    @Order(7)
    void aSilentAgentLinkStopsTheToolAfterTheGracePeriod() throws IOException {
        try (Faults faults = Faults.start()) {
            Proxy link = faults.client().createProxy("agent-link", "127.0.0.1:0", "127.0.0.1:" + hoshu.tunnelPort);
            ManagedProcess direct = hoshu.startAgent("CT-03", "tanaka");
            hoshu.awaitOnline("CT-03", "hosp-a");
            direct.close();
            Path properties = hoshu.agentDir("CT-03").resolve("agent.properties");
            Files.writeString(properties, Files.readString(properties)
                    .replaceAll("(?m)^broker=.*$", "broker=" + link.getListen().replace(":", "\\\\:")));
            ManagedProcess proxied = hoshu.runAgent("CT-03", hoshu.agentDir("CT-03"),
                    List.of("--tunnel-loss-grace", "3s"));
            Await.until(Duration.ofSeconds(60), "CT-03 online again, through the proxy",
                    () -> hoshu.broker().output().split("device CT-03 \\(hosp-a\\) online", -1).length > 2);
            RunningTool tool = selftest("CT-03", proxied);

            long cutAt = System.nanoTime();
            link.toxics().timeout("silence-up", ToxicDirection.UPSTREAM, 0);
            link.toxics().timeout("silence-down", ToxicDirection.DOWNSTREAM, 0);

            // The selftest's shell, its helper and setsid; its one-second sleeps come and go.
            assertTrue(tool.stillRunning().size() >= 2, "stopped before the grace period");
            awaitTreeGone(tool);
            long stoppedAfterMs = (System.nanoTime() - cutAt) / 1_000_000;
            assertTrue(stoppedAfterMs >= 2_500, "stopped after " + stoppedAfterMs + " ms, before the 3 s grace");
            assertTrue(proxied.output().contains("fail safe"), proxied.output());
            tool.ssh().close();
            link.delete();
        }
    }

    @Test
    @Order(8)
    void theOnSiteSwitchEndsSessionsWorksWithoutTheBrokerSurvivesRestartsAndCannotBeTurnedOnRemotely()
            throws Exception {
        ManagedProcess ct02 = hoshu.startAgent("CT-02", "tanaka");
        hoshu.awaitOnline("CT-02", "hosp-a");
        RunningTool tool = selftest("CT-02", ct02);

        RunResult off = agentSwitch("off");

        assertEquals(0, off.exitCode(), off::toString);
        assertEquals(137, tool.ssh().awaitExit(CUT), tool.ssh().output());
        assertTrue(tool.ssh().output().contains("hoshu: session " + tool.session()
                + " ended: remote maintenance switched off on site at CT-02"), tool.ssh().output());
        awaitTreeGone(tool);
        RunResult refused = hoshu.hoshu("sato", "ssh", "CT-02", "status");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertOneLine(refused, "refused: remote maintenance switched off on site at CT-02", "CT-02");
        assertLedgerShowsCt02SwitchedOff();
        WebhookReceiver.Notice switchedOff = awaitNotice(hospitalA, "device.switched-off", "CT-02");
        assertEquals("device:CT-02", switchedOff.body().path("actor").asString(), switchedOff::toString);
        JsonNode switchAudit = api("tanaka", "/audit?action=device.switch");
        assertTrue(switchAudit.toString().contains("device:CT-02"), switchAudit::toString);
        RunResult request = hoshu.hoshu("sato", "request", "CT-02", "--category", "MAINTENANCE", "--tool", "status",
                "--reason", "WO-E2E-8", "--minutes", "30");
        assertNotEquals(0, request.exitCode(), request::toString);
        assertOneLine(request, "refused: remote maintenance switched off on site at CT-02 (since ",
                "only staff at the device can switch it on");

        HttpResponse<String> remoteOn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(hoshu.brokerUrl() + "/api/v1/devices/CT-02/switch"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"on\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(remoteOn.statusCode() >= 400, "a network path switched it on: " + remoteOn.statusCode());
        RunResult remoteTool = hoshu.hoshu("sato", "ssh", "CT-02", "switch", "on");
        assertNotEquals(0, remoteTool.exitCode(), remoteTool::toString);
        assertTrue(agentSwitch("status").stdout().startsWith("off"), "the switch must stay off");

        hoshu.broker().close();
        ct02.close();
        // A redial at most every 2 s (device-agent run --backoff-cap): the broker is back as soon as it is up.
        ManagedProcess restarted = hoshu.runAgent("CT-02", hoshu.agentDir("CT-02"), List.of("--backoff-cap", "2s"));
        restarted.awaitOutput("remote maintenance switched off on site at CT-02", Duration.ofSeconds(60));
        assertTrue(agentSwitch("status").stdout().startsWith("off"), "the switch must survive the restart");

        restartedBroker = HoshuSystem.startBroker(hoshu.brokerData(), hoshu.httpPort, hoshu.sshPort, hoshu.tunnelPort,
                dir.resolve("logs/broker-restarted.log"));
        restartedBroker.awaitOutput("device CT-02 (hosp-a) online", Duration.ofSeconds(120));
        // The selftest's grant (selftest, status) still stands: the switch ends sessions, it revokes nothing.
        RunResult stillOff = hoshu.hoshu("sato", "ssh", "CT-02", "status");
        assertOneLine(stillOff, "refused: remote maintenance switched off on site at CT-02", "CT-02");
        assertLedgerShowsCt02SwitchedOff();

        assertEquals(0, agentSwitch("on").exitCode());
        Await.until(Duration.ofSeconds(10), "the device to accept sessions again",
                () -> hoshu.hoshu("sato", "ssh", "CT-02", "status").exitCode() == 0);
        Await.until(Duration.ofSeconds(10), "the ledger to show CT-02 switched on again",
                () -> hoshu.hoshu("tanaka", "devices").stdout().lines()
                        .anyMatch(line -> line.matches("CT-02 +ENROLLED +since .* +on +.*")));
        hoshu.approvedRequest("sato", "tanaka", "CT-02", "status");
    }

    /** What hospital staff see: the API's device and the CLI's ON-SITE column. */
    private void assertLedgerShowsCt02SwitchedOff() {
        Await.until(Duration.ofSeconds(15), "the ledger to show CT-02 switched off on site", () -> {
            try {
                for (JsonNode device : api("tanaka", "/devices")) {
                    if (device.path("id").asString().equals("CT-02")) {
                        return device.path("onSite").path("off").asBoolean(false);
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        RunResult devices = hoshu.hoshu("suzuki", "devices");
        assertTrue(devices.stdout().lines().anyMatch(line -> line.matches("CT-02 +ENROLLED +since .* +OFF since .*")),
                devices::toString);
    }

    private RunResult agentSwitch(String action) {
        return Commands.run(HoshuSystem.java("-jar", HoshuSystem.jar("device-agent/target/runtime/hoshu-device-agent.jar"),
                "switch", action, "--data", hoshu.agentDir("CT-02").toString()), Map.of(), null, dir);
    }
}
