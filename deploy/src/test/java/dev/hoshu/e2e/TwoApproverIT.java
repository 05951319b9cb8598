package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hospital A's policy (the quickstart's bootstrap) wants two distinct approvers for REPAIR: as the engineer and the
 * approvers meet it with the real CLI and OpenSSH, one approval gives no grant, the same approver twice does not
 * count, the second approver's does, and then {@code ssh} runs the tool. The policy is shown and checked offline too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoApproverIT {

    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() {
        hoshu = HoshuSystem.start(dir);
        RunResult login = hoshu.hoshuWithInput("yamada", "demo\n", "login", "--broker", hoshu.brokerUrl(),
                "--ssh", "127.0.0.1:" + hoshu.sshPort, "--user", "yamada", "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
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
    void repairNeedsTwoDistinctApproversBeforeSshWorks() {
        RunResult asked = hoshu.hoshu("sato", "request", "CT-01", "--category", "REPAIR", "--tool", "status",
                "--reason", "gantry error E-31", "--work-order", "WO-2026-0042", "--minutes", "30");
        assertEquals(0, asked.exitCode(), asked::toString);
        Matcher id = REQUEST_ID.matcher(asked.stdout());
        assertTrue(id.find(), asked::toString);
        String request = id.group();

        RunResult first = hoshu.hoshu("tanaka", "approve", request);
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals("approval 1 of 2 recorded for " + request + "; no grant yet: 1 more distinct approver needed\n",
                first.stdout());

        RunResult tooEarly = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertNotEquals(0, tooEarly.exitCode(), tooEarly::toString);
        assertEquals(1, tooEarly.stderr().lines().count(), tooEarly::toString);

        RunResult twice = hoshu.hoshu("tanaka", "approve", request);
        assertEquals(1, twice.exitCode(), twice::toString);
        assertEquals("refused: tanaka already approved " + request + "; a second approval by the same person does not"
                + " count (REPAIR needs 2 distinct approvers, 1 so far)\n", twice.stderr());

        RunResult second = hoshu.hoshu("yamada", "approve", request);
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.stdout().startsWith("approved " + request + ": grant g-"), second::toString);

        RunResult grants = hoshu.hoshu("suzuki", "grants");
        assertEquals(0, grants.exitCode(), grants::toString);
        assertTrue(grants.stdout().contains("tanaka,yamada"), grants::toString);

        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("gantry: nominal"), run::toString);
    }

    @Test
    void thePolicyInForceIsShownAndADocumentIsCheckedWithoutTheBroker() throws Exception {
        RunResult shown = hoshu.hoshu("tanaka", "policy", "show");
        assertEquals(0, shown.exitCode(), shown::toString);
        assertTrue(shown.stdout().startsWith("# policy of hosp-a, version 1, applied by bootstrap"), shown::toString);
        assertTrue(shown.stdout().contains("REPAIR: {approvals: 2"), shown::toString);

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "hospital: hosp-a\ncategories:\n  REPAIR: {aprovals: 2}\n");
        RunResult checked = hoshu.hoshuWithInput("nobody", null, "policy", "check", typo.toString());
        assertEquals(1, checked.exitCode(), checked::toString);
        assertEquals("refused: " + typo + " line 3: unknown key 'aprovals' in categories.REPAIR (known: approvals,"
                + " max-minutes, tools, observer-required)\n", checked.stderr());
    }
}
