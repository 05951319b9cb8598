package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grant's end as the engineer meets it in the real OpenSSH client (REQ-ACC-4): a broker that warns 20 s before the
 * end, a one-minute grant, the ten-minute selftest; the warning shows on the engineer's terminal, the session is
 * cut at the end with its reason and exit status 137, and both are in the sealed recording.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrantEndIT {

    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");
    private static final Pattern WARNING = Pattern.compile("hoshu: grant (g-[a-z0-9]+) ends at \\d{4}-\\d\\d-\\d\\d "
            + "\\d\\d:\\d\\d JST \\(in (\\d+) seconds\\); the session will be cut then");
    private static final Pattern CUT = Pattern.compile("hoshu: session (s-[0-9a-f]{16}) ended: grant (g-[a-z0-9]+) "
            + "ended at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d JST");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() {
        hoshu = HoshuSystem.start(dir, "--hoshu.grant-end-warning=20s");
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void theEngineerIsWarnedBeforeTheGrantEndsAndCutAtTheEnd() throws Exception {
        RunResult request = hoshu.hoshu("sato", "request", "CT-01", "--tool", "selftest", "--category", "MAINTENANCE",
                "--reason", "WO-GRANT-END", "--minutes", "1");
        assertEquals(0, request.exitCode(), request::toString);
        Matcher id = REQUEST_ID.matcher(request.stdout());
        assertTrue(id.find(), request::toString);
        RunResult approve = hoshu.hoshu("tanaka", "approve", id.group());
        assertEquals(0, approve.exitCode(), approve::toString);

        ManagedProcess ssh = ManagedProcess.start("selftest", HoshuSystem.cli("ssh", "CT-01", "selftest"),
                Map.of("HOSHU_HOME", hoshu.home("sato").toString()), dir.resolve("logs/selftest.log"));
        try {
            ssh.awaitOutput("step 2/600", Duration.ofSeconds(60));
            ssh.awaitOutput("the session will be cut then", Duration.ofSeconds(75));
            long warnedAt = System.nanoTime();
            Matcher warning = WARNING.matcher(ssh.output());
            assertTrue(warning.find(), ssh::output);
            int secondsLeft = Integer.parseInt(warning.group(2));
            assertTrue(secondsLeft >= 18 && secondsLeft <= 20, warning.group());

            int exit = ssh.awaitExit(Duration.ofSeconds(60));
            Duration warnedBeforeTheCut = Duration.ofNanos(System.nanoTime() - warnedAt);

            assertEquals(137, exit, ssh::output);
            assertTrue(warnedBeforeTheCut.compareTo(Duration.ofSeconds(15)) > 0, "cut " + warnedBeforeTheCut
                    + " after the warning");
            Matcher cut = CUT.matcher(ssh.output());
            assertTrue(cut.find(), ssh::output);
            assertEquals(warning.group(1), cut.group(2));
            assertTrue(ssh.output().indexOf(warning.group()) < ssh.output().indexOf(cut.group()), ssh::output);

            String session = cut.group(1);
            Path recording = hoshu.recording(session);
            Await.until(Duration.ofSeconds(30), "recording sealed", () -> read(recording).contains("\"k\":\"seal\""));
            String lines = read(recording);
            assertTrue(lines.contains("\"k\":\"notice\",\"text\":\"" + warning.group() + "\""), lines);
            assertTrue(lines.contains("\"k\":\"kill\",\"by\":\"broker\",\"reason\":\"grant " + warning.group(1)
                    + " ended at "), lines);
            RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", "--session", session);
            assertEquals(0, verify.exitCode(), verify::toString);
        } finally {
            ssh.close();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
