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
 * A hospital admin's maintenance contract registered with {@code hoshu contracts} lets a request for a new device
 * pass the contract rule; another hospital's admin cannot register one for it.
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

    @Test
    void aContractRegisteredByTheHospitalAdminLetsARequestForItsNewDevicePass() {
        RunResult token = hoshu.hoshu("tanaka", "enroll-token", "CT-09", "--quiet");
        assertEquals(0, token.exitCode(), token::toString);
        RunResult enrolled = hoshu.enroll(token.stdout().strip(), dir.resolve("agent-CT-09"));
        assertEquals(0, enrolled.exitCode(), enrolled::toString);
        String[] ask = {"request", "CT-09", "--category", "MONITOR", "--tool", "status", "--reason", "WO-2026-0077",
                "--minutes", "30"};

        RunResult uncovered = hoshu.hoshu("sato", ask);
        assertEquals(1, uncovered.exitCode(), uncovered::toString);
        assertEquals(1, uncovered.stderr().lines().count(), uncovered::toString);
        assertTrue(uncovered.stderr().startsWith("denied: ") && uncovered.stderr().contains("contract"),
                uncovered::toString);

        String[] contract = {"contracts", "add-maintenance", "--hospital", "hosp-a", "--company", "medserve",
                "--device", "CT-09", "--category", "MONITOR", "--from", "2025-01-01", "--until", "2036-01-01"};
        RunResult foreign = hoshu.hoshu("kato", contract);
        assertEquals(1, foreign.exitCode(), foreign::toString);
        assertEquals("denied: an admin of hosp-b registers only its own maintenance contracts, not 'hosp-a''s\n",
                foreign.stderr());

        RunResult added = hoshu.hoshu("tanaka", contract);
        assertEquals(0, added.exitCode(), added::toString);
        assertTrue(added.stdout().matches("maintenance contract c-\\S+ registered: medserve maintains CT-09 of hosp-a"
                + " for MONITOR from 2025-01-01 00:00 JST until 2036-01-01 00:00 JST\n"), added::toString);
        RunResult listed = hoshu.hoshu("suzuki", "contracts");
        assertEquals(0, listed.exitCode(), listed::toString);
        assertTrue(listed.stdout().lines().anyMatch(l -> l.contains("CT-09") && l.contains("tanaka")
                && l.endsWith("live")), listed::toString);
        RunResult kato = hoshu.hoshu("kato", "contracts");
        assertEquals(0, kato.exitCode(), kato::toString);
        assertTrue(!kato.stdout().contains("CT-09"), "hosp-b does not see hosp-a's contracts: " + kato);

        RunResult covered = hoshu.hoshu("sato", ask);
        assertEquals(0, covered.exitCode(), covered::toString);
        assertTrue(covered.stdout().contains("pending"), covered::toString);
    }
}
