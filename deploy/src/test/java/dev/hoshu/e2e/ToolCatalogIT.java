package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool catalog end to end: the operator publishes the demo tools the device holds, an engineer runs one
 * through the real OpenSSH client, the operator revokes it, and the very next run is refused with one line and
 * audited as {@code tool.run} refused, while another tool still runs; and a hospital admin's list of trusted
 * manufacturer keys refuses a tool signed by any other key (ADR 0020).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolCatalogIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void start() throws IOException {
        hoshu = HoshuSystem.start(dir);
        Files.createDirectories(hoshu.brokerData().resolve("manufacturer-keys"));
        Files.copy(dir.resolve("manufacturer/demo.pub.pem"), hoshu.brokerData().resolve("manufacturer-keys/demo.pem"));
        hoshu.login("ops");
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status", "logcollect");
        // The first ssh also records the gateway's host key (OpenSSH says so on stderr); later runs are quiet.
        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "1");
        assertEquals(0, first.exitCode(), first::toString);
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void aRevokedToolIsRefusedAtOnceWhileAnotherStillRuns() {
        Path tools = hoshu.agentDir("CT-01").resolve("tools");
        for (String tool : List.of("status", "logcollect")) {
            RunResult publish = hoshu.hoshu("ops", "tools", "publish", tools.resolve(tool).toString());
            assertEquals(0, publish.exitCode(), publish::toString);
            assertTrue(publish.stdout().startsWith("published " + tool + " 1.0.0 (signed by "), publish::toString);
        }
        RunResult catalog = hoshu.hoshu("ops", "tools", "catalog");
        assertEquals(0, catalog.exitCode(), catalog::toString);
        assertTrue(catalog.stdout().lines().anyMatch(l -> l.startsWith("status") && l.contains("published")),
                catalog::toString);

        RunResult before = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, before.exitCode(), before::toString);

        RunResult revoke = hoshu.hoshu("ops", "tools", "revoke", "status", "1.0.0", "--reason", "CVE-2026-0042");
        assertEquals(0, revoke.exitCode(), revoke::toString);

        RunResult after = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        String line = "refused: tool 'status' version 1.0.0 is revoked by the manufacturer or operator";
        assertEquals(126, after.exitCode(), after::toString);
        List<String> lines = after.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), after::toString);
        assertTrue(lines.get(0).startsWith(line), after::toString);
        assertTrue(after.stdout().isBlank(), after::toString);
        assertAuditedRefusal("tool.run", "sato", line);

        RunResult other = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "2");
        assertEquals(0, other.exitCode(), other::toString);
        assertEquals(2, other.stdout().lines().count(), other::toString);

        RunResult listed = hoshu.hoshu("ops", "tools", "catalog");
        assertTrue(listed.stdout().lines().anyMatch(l -> l.startsWith("status") && l.contains("revoked by ops")
                && l.contains("CVE-2026-0042")), listed::toString);
    }

    @Test
    void anEngineerCannotRevokeAndATamperedManifestIsNotPublished() throws IOException {
        RunResult revoke = hoshu.hoshu("sato", "tools", "revoke", "logcollect", "1.0.0", "--reason", "mine");
        assertNotEquals(0, revoke.exitCode(), revoke::toString);
        assertTrue(revoke.stderr().contains("denied: revoking a tool needs the manufacturer or operator role"),
                revoke::toString);
        assertAuditedRefusal("tool.revoke", "sato", "denied: revoking a tool needs the manufacturer or operator role");

        Path tampered = dir.resolve("tampered/selftest");
        Files.createDirectories(tampered);
        Path source = hoshu.agentDir("CT-01").resolve("tools/selftest");
        Files.writeString(tampered.resolve("manifest.json"),
                Files.readString(source.resolve("manifest.json")).replace("1.0.0", "1.0.1"));
        Files.copy(source.resolve("manifest.json.jws"), tampered.resolve("manifest.json.jws"));
        RunResult publish = hoshu.hoshu("ops", "tools", "publish", tampered.toString());
        assertNotEquals(0, publish.exitCode(), publish::toString);
        assertTrue(publish.stderr().contains("refused: uploaded tool manifest signature does not verify"), publish::toString);
        assertAuditedRefusal("tool.publish", "ops", "refused: uploaded tool manifest signature does not verify");
    }

    @Test
    void aToolSignedByAKeyTheHospitalDoesNotTrustIsRefused() throws Exception {
        String demoKey = KeyIds.of(Pem.readPublicKey(dir.resolve("manufacturer/demo.pub.pem")));
        String otherKey = "sha256:" + "A".repeat(43);

        RunResult engineer = hoshu.hoshu("sato", "tools", "trust", otherKey);
        assertNotEquals(0, engineer.exitCode(), engineer::toString);
        assertTrue(engineer.stderr().contains("denied: changing trusted manufacturer keys needs the hospital-admin role"),
                engineer::toString);
        RunResult malformed = hoshu.hoshu("tanaka", "tools", "trust", "../../etc/passwd");
        assertNotEquals(0, malformed.exitCode(), malformed::toString);
        assertTrue(malformed.stderr().contains("is not a key id"), malformed::toString);

        RunResult trust = hoshu.hoshu("tanaka", "tools", "trust", otherKey);
        assertEquals(0, trust.exitCode(), trust::toString);
        assertEquals("hosp-a trusts " + otherKey, trust.stdout().strip());

        RunResult refused = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "2");
        String line = "refused: tool 'logcollect' is signed by key " + demoKey
                + ", which this device's hospital does not trust";
        assertEquals(126, refused.exitCode(), refused::toString);
        List<String> lines = refused.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), refused::toString);
        assertTrue(lines.get(0).startsWith(line), refused::toString);
        assertAuditedRefusal("tool.run", "sato", line);

        assertEquals(0, hoshu.hoshu("tanaka", "tools", "trust", demoKey).exitCode());
        RunResult untrust = hoshu.hoshu("tanaka", "tools", "untrust", otherKey);
        assertEquals(0, untrust.exitCode(), untrust::toString);
        assertEquals("hosp-a trusts " + demoKey, untrust.stdout().strip());
        RunResult runs = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "2");
        assertEquals(0, runs.exitCode(), runs::toString);
        assertEquals(2, runs.stdout().lines().count(), runs::toString);
    }

    private void assertAuditedRefusal(String action, String actor, String reason) {
        RunResult audit = hoshu.hoshu("ops", "audit", "--format", "jsonl", "--action", action);
        assertEquals(0, audit.exitCode(), audit::toString);
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains("\"outcome\":\"refused\"")
                        && l.contains("\"reason\":\"" + reason) && l.contains("\"actor\":\"" + actor + "\"")),
                "a refused " + action + " event by " + actor + " with reason '" + reason + "': " + audit);
    }
}
