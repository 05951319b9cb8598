package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Emergency access as the quickstart's hospitals have it: hosp-a allows emergency MONITOR with status and logcollect,
 * so sato opens a grant at once with {@code hoshu emergency}, {@code ssh} runs status, hosp-a's receiver hears
 * {@code emergency.opened}, the grant waits in {@code hoshu grants --unreviewed} until an approver reviews it (audited).
 * REPAIR, a tool outside the emergency list and hosp-b (emergency off by default) are refused with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmergencyAccessIT {

    private static final Pattern GRANT_ID = Pattern.compile("^EMERGENCY grant (g-\\S+) on CT-01 until \\d\\d:\\d\\d JST;");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private HttpServer receiver;
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hoshu", exchange -> {
            notices.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        hoshu = HoshuSystem.start(dir);
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        RunResult token = hoshu.hoshu("kato", "enroll-token", "CT-21", "--quiet");
        HoshuSystem.check(token.exitCode() == 0, "join token for CT-21", token);
        RunResult enrolled = hoshu.enroll(token.stdout().strip(), dir.resolve("agent-CT-21"));
        HoshuSystem.check(enrolled.exitCode() == 0, "enroll CT-21", enrolled);
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void emergencyMonitorOpensAtOnceIsAnnouncedAndIsReviewedAfter() {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hoshu";
        RunResult hook = hoshu.hoshu("tanaka", "webhooks", "add", url, "--event", "emergency.opened");
        assertEquals(0, hook.exitCode(), hook::toString);

        RunResult opened = hoshu.hoshu("sato", "emergency", "CT-01", "--tool", "status", "--category", "MONITOR",
                "--reason", "CT-01 stuck at boot, night shift", "--minutes", "10");
        assertEquals(0, opened.exitCode(), opened::toString);
        Matcher id = GRANT_ID.matcher(opened.stdout());
        assertTrue(id.find(), opened::toString);
        String grant = id.group(1);

        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("gantry: nominal"), run::toString);

        Await.until(Duration.ofSeconds(30), "emergency.opened at hosp-a's receiver", () -> !notices.isEmpty());
        JsonNode notice = JsonMapper.shared().readTree(notices.get(0));
        assertEquals("emergency.opened", notice.path("event").asString());
        assertEquals("hosp-a", notice.path("hospital").asString());
        assertEquals(grant, notice.path("grantId").asString());
        assertEquals("sato", notice.path("engineer").asString());
        assertEquals("CT-01", notice.path("device").asString());

        RunResult unreviewed = hoshu.hoshu("tanaka", "grants", "--unreviewed");
        assertEquals(0, unreviewed.exitCode(), unreviewed::toString);
        assertTrue(unreviewed.stdout().lines().anyMatch(l -> l.startsWith(grant + " ")
                && l.endsWith("emergency, unreviewed")), unreviewed::toString);

        RunResult review = hoshu.hoshu("tanaka", "grants", "review", grant, "--note", "called sato, boot loop confirmed");
        assertEquals(0, review.exitCode(), review::toString);
        RunResult afterReview = hoshu.hoshu("tanaka", "grants", "--unreviewed");
        assertEquals(0, afterReview.exitCode(), afterReview::toString);
        assertFalse(afterReview.stdout().contains(grant), afterReview::toString);
        RunResult all = hoshu.hoshu("suzuki", "grants");
        assertTrue(all.stdout().lines().anyMatch(l -> l.startsWith(grant + " ")
                && l.endsWith("emergency, reviewed by tanaka")), all::toString);

        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "grant.");
        assertEquals(0, audit.exitCode(), audit::toString);
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains("\"grant.emergency\"") && l.contains(grant)
                && l.contains("\"allowed\"")), audit::toString);
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains("\"grant.review\"") && l.contains(grant)
                && l.contains("boot loop confirmed")), audit::toString);
    }

    @Test
    void repairAToolOutsideTheListAndAHospitalWithoutEmergencyAccessAreRefusedWithOneLine() {
        RunResult repair = hoshu.hoshu("sato", "emergency", "CT-01", "--tool", "status", "--category", "REPAIR",
                "--reason", "gantry error", "--minutes", "10");
        assertEquals(1, repair.exitCode(), repair::toString);
        assertEquals("denied: hosp-a's policy allows emergency access for [MONITOR] only, not REPAIR\n",
                repair.stderr());

        RunResult selftest = hoshu.hoshu("sato", "emergency", "CT-01", "--tool", "selftest", "--category", "MONITOR",
                "--reason", "gantry error", "--minutes", "10");
        assertEquals(1, selftest.exitCode(), selftest::toString);
        assertEquals("denied: hosp-a's policy allows no tool 'selftest' in an emergency (allowed: status, logcollect)\n",
                selftest.stderr());

        RunResult hospB = hoshu.hoshu("sato", "emergency", "CT-21", "--tool", "status", "--category", "MONITOR",
                "--reason", "gantry error", "--minutes", "10");
        assertEquals(1, hospB.exitCode(), hospB::toString);
        assertEquals("denied: hosp-b's policy does not allow emergency access\n", hospB.stderr());

        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "grant.emergency");
        assertEquals(2, audit.stdout().lines().filter(l -> l.contains("\"refused\"")).count(), audit::toString);
    }
}
