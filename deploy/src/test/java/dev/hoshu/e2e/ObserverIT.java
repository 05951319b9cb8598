package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Four-eyes maintenance as the hospital sets it: hosp-a's policy requires an observer, so a selftest through the real
 * OpenSSH client waits until an observer joins with {@code hoshu sessions join}, pauses when the last one leaves
 * (Ctrl-C), resumes when one joins again; the engineer and another hospital cannot watch; all of it is audited and
 * in the sealed recording. The hospital admin switches it on with {@code hoshu policy apply}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserverIT {

    /** hosp-a's policy as its hospital admin writes it: maintenance sessions need one of its observers watching. */
    static final String POLICY = """
            hospital: hosp-a
            approvers:
              roles: [approver]
            companies: [medserve]
            patient-data: false
            categories:
              MONITOR: {approvals: 1, max-minutes: 480, observer-required: true}
              MAINTENANCE: {approvals: 1, max-minutes: 240, observer-required: true}
              REPAIR: {approvals: 2, max-minutes: 240, observer-required: true}
            """;
    private static final Pattern WAITING = Pattern.compile("hoshu: waiting for a hospital observer to join session "
            + "(s-[0-9a-f]{16}) \\(hoshu sessions join \\1\\)");
    private static final Pattern STEP = Pattern.compile("step \\d+/600");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() {
        hoshu = HoshuSystem.start(dir, "--hoshu.observer-wait=2m");
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    /** Before any policy: a session that needs no observer can still be watched, live, by its hospital only. */
    @Test
    @Order(1)
    void theHospitalWatchesAnyLiveSessionOverTheRealHttpStream() throws Exception {
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "selftest");
        ManagedProcess engineer = background("engineer-unobserved", "sato", "ssh", "CT-01", "selftest");
        ManagedProcess suzuki = null;
        try {
            engineer.awaitOutput("step 2/600", Duration.ofSeconds(60));
            RunResult list = hoshu.hoshu("tanaka", "sessions");
            Matcher id = Pattern.compile("\\bs-[0-9a-f]{16}\\b").matcher(list.stdout());
            assertTrue(id.find(), list::toString);
            String session = id.group();

            RunResult own = hoshu.hoshu("sato", "sessions", "join", session);
            assertEquals(1, own.exitCode(), own::toString);
            assertEquals("refused: sato cannot observe their own session " + session + " (separation of duties)\n",
                    own.stderr());
            RunResult foreign = hoshu.hoshu("kato", "sessions", "join", session);
            assertEquals(1, foreign.exitCode(), foreign::toString);
            assertEquals("denied: session " + session + " runs on a device of hosp-a, not hosp-b\n", foreign.stderr());
            RunResult unknown = hoshu.hoshu("suzuki", "sessions", "join", "s-0000000000000000");
            assertEquals(1, unknown.exitCode(), unknown::toString);

            suzuki = background("observer-unobserved", "suzuki", "sessions", "join", session);
            suzuki.awaitOutput("watching now: suzuki", Duration.ofSeconds(30));
            ManagedProcess watching = suzuki;
            long seen = steps(watching.output());
            Await.until(Duration.ofSeconds(30), "live steps at the observer", () -> steps(watching.output()) > seen + 2);
            RunResult listed = hoshu.hoshu("tanaka", "sessions");
            assertTrue(listed.stdout().contains("live   suzuki"), listed::toString);

            RunResult kill = hoshu.hoshu("tanaka", "kill", session, "--reason", "watched enough");
            assertEquals(0, kill.exitCode(), kill::toString);
            assertEquals(137, engineer.awaitExit(Duration.ofSeconds(30)), engineer::output);
            ManagedProcess observer = suzuki;
            assertEquals(0, observer.awaitExit(Duration.ofSeconds(30)), observer::output);
            assertTrue(observer.output().contains("hoshu: session cut by tanaka: watched enough"), observer::output);
            assertTrue(observer.output().contains("hoshu: session " + session + " ended: killed by tanaka: watched enough"),
                    observer::output);
        } finally {
            engineer.close();
            if (suzuki != null) {
                suzuki.close();
            }
        }
    }

    @Test
    @Order(2)
    void aSessionRunsOnlyWhileAHospitalObserverWatches() throws Exception {
        Path policyFile = dir.resolve("hosp-a-policy.yaml");
        Files.writeString(policyFile, POLICY);
        RunResult applied = hoshu.hoshu("tanaka", "policy", "apply", policyFile.toString());
        assertEquals(0, applied.exitCode(), "hosp-a's policy was not accepted: " + applied);
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "selftest");

        ManagedProcess engineer = background("engineer", "sato", "ssh", "CT-01", "selftest");
        ManagedProcess suzuki = null;
        ManagedProcess tanaka = null;
        try {
            engineer.awaitOutput("hoshu: waiting for a hospital observer", Duration.ofSeconds(60));
            Matcher waiting = WAITING.matcher(engineer.output());
            assertTrue(waiting.find(), engineer::output);
            String session = waiting.group(1);
            Thread.sleep(3000);
            assertFalse(STEP.matcher(engineer.output()).find(), "the tool ran before an observer joined:\n"
                    + engineer.output());

            RunResult own = hoshu.hoshu("sato", "sessions", "join", session);
            assertEquals(1, own.exitCode(), own::toString);
            assertEquals("refused: sato cannot observe their own session " + session + " (separation of duties)\n",
                    own.stderr());
            RunResult foreign = hoshu.hoshu("kato", "sessions", "join", session);
            assertEquals(1, foreign.exitCode(), foreign::toString);
            assertEquals("denied: session " + session + " runs on a device of hosp-a, not hosp-b\n", foreign.stderr());

            suzuki = background("observer-suzuki", "suzuki", "sessions", "join", session);
            suzuki.awaitOutput("watching now: suzuki", Duration.ofSeconds(30));
            engineer.awaitOutput("step 2/600", Duration.ofSeconds(60));
            suzuki.awaitOutput("step 2/600", Duration.ofSeconds(30));

            suzuki.close();
            engineer.awaitOutput("paused: the last hospital observer left", Duration.ofSeconds(30));
            Thread.sleep(1500);
            long stepsWhenPaused = steps(engineer.output());
            Thread.sleep(4000);
            assertEquals(stepsWhenPaused, steps(engineer.output()), "output flowed while paused:\n" + engineer.output());

            tanaka = background("observer-tanaka", "tanaka", "sessions", "join", session);
            engineer.awaitOutput("resumed: tanaka is watching", Duration.ofSeconds(30));
            Await.until(Duration.ofSeconds(30), "output flowing again", () -> steps(engineer.output()) > stepsWhenPaused + 2);

            RunResult kill = hoshu.hoshu("tanaka", "kill", session, "--reason", "observed work done");
            assertEquals(0, kill.exitCode(), kill::toString);
            assertEquals(137, engineer.awaitExit(Duration.ofSeconds(30)), engineer::output);
            assertEquals(0, tanaka.awaitExit(Duration.ofSeconds(30)), tanaka::output);
            assertTrue(tanaka.output().contains("hoshu: session cut by tanaka: observed work done"), tanaka::output);

            String recording = java.nio.file.Files.readString(hoshu.recording(session));
            for (String event : List.of("\"k\":\"observer\",\"action\":\"joined\",\"subject\":\"suzuki\"",
                    "\"k\":\"observer\",\"action\":\"left\",\"subject\":\"suzuki\"", "\"k\":\"pause\"", "\"k\":\"resume\"",
                    "\"k\":\"observer\",\"action\":\"joined\",\"subject\":\"tanaka\"")) {
                assertTrue(recording.contains(event), event + " missing in\n" + recording);
            }
            RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", "--session", session);
            assertEquals(0, verify.exitCode(), verify::toString);
            RunResult audit = hoshu.hoshu("suzuki", "audit", "--action", "session.join", "--format", "jsonl");
            assertEquals(0, audit.exitCode(), audit::toString);
            assertEquals(4, audit.stdout().lines().filter(l -> l.contains(session)).count(), audit.stdout());
            assertEquals(2, audit.stdout().lines().filter(l -> l.contains(session) && l.contains("\"outcome\":\"refused\""))
                    .count(), audit.stdout());
        } finally {
            engineer.close();
            if (suzuki != null) {
                suzuki.close();
            }
            if (tanaka != null) {
                tanaka.close();
            }
        }
    }

    private ManagedProcess background(String name, String user, String... args) {
        return ManagedProcess.start(name, HoshuSystem.cli(args), Map.of("HOSHU_HOME", hoshu.home(user).toString()),
                dir.resolve("logs/" + name + ".log"));
    }

    private static long steps(String output) {
        return STEP.matcher(output).results().count();
    }
}
