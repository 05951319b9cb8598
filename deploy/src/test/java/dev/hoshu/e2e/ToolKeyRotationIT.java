package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * A manufacturer rotates its signing key, and the catalog's word reaches file transfers as it reaches runs: the
 * hospital trusts the old and the new key while tools move over, a tool re-signed with the new key runs, and once
 * the hospital removes the old key a tool signed only with it is refused for a run through the real {@code ssh} and
 * for a transfer through the real {@code sftp} and {@code scp}; a revoked version closes its transfer folders too.
 * Each refusal is one line and one audit event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ToolKeyRotationIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private Path tools;
    private String oldKey;
    private String newKey;
    private Path newKeyFile;
    private List<String> certificate;

    @BeforeAll
    void start() throws IOException {
        Path deviceFiles = dir.resolve("device-files");
        Path logs = Files.createDirectories(deviceFiles.resolve("var/log/ct-demo"));
        Files.createDirectories(deviceFiles.resolve("var/opt/ct-demo/incoming"));
        Files.createDirectories(deviceFiles.resolve("srv/ct-demo/dicom"));
        Files.writeString(logs.resolve("error.log"), "2026-11-21T09:01:00+09:00 E1001 gantry encoder retry\n");

        hoshu = HoshuSystem.start(dir);
        Files.createDirectories(hoshu.brokerData().resolve("manufacturer-keys"));
        Files.copy(dir.resolve("manufacturer/demo.pub.pem"), hoshu.brokerData().resolve("manufacturer-keys/demo.pem"));
        hoshu.login("ops");
        hoshu.startAgent("CT-01", "tanaka", List.of("--device-files", deviceFiles.toString()));
        hoshu.awaitOnline("CT-01", "hosp-a");
        tools = hoshu.agentDir("CT-01").resolve("tools");
        oldKey = KeyIds.of(Pem.readPublicKey(dir.resolve("manufacturer/demo.pub.pem")));

        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status", "logcollect");
        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, first.exitCode(), first::toString);
        certificate = certificateOptions();
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    @Order(1)
    void afterTheHospitalRemovesTheOldKeyOnlyToolsSignedWithTheNewOneRunOrTransfer() throws IOException {
        // The manufacturer makes a new key and gives its public half to the broker (publishing) and to the device.
        RunResult keygen = hoshu.hoshu("tanaka", "tools", "keygen", "--out", dir.resolve("manufacturer/next").toString());
        assertEquals(0, keygen.exitCode(), keygen::toString);
        newKeyFile = dir.resolve("manufacturer/next.key");
        Path newPublic = dir.resolve("manufacturer/next.pub.pem");
        newKey = KeyIds.of(Pem.readPublicKey(newPublic));
        assertNotEquals(oldKey, newKey);
        Files.copy(newPublic, hoshu.brokerData().resolve("manufacturer-keys/next.pem"));
        Files.copy(newPublic, hoshu.agentDir("CT-01").resolve("trusted-keys/next.pem"));
        // The hospital trusts both while its tools move over.
        for (String key : List.of(oldKey, newKey)) {
            RunResult trust = hoshu.hoshu("tanaka", "tools", "trust", key);
            assertEquals(0, trust.exitCode(), trust::toString);
        }

        // status 1.1.0 is signed with the new key, published and installed; logcollect is still the old key's.
        resign("status", "1.1.0");
        RunResult publish = hoshu.hoshu("ops", "tools", "publish", tools.resolve("status").toString());
        assertEquals(0, publish.exitCode(), publish::toString);
        assertTrue(publish.stdout().startsWith("published status 1.1.0 (signed by " + newKey), publish::toString);
        assertEquals(0, hoshu.hoshu("sato", "ssh", "CT-01", "status").exitCode());
        assertEquals(0, hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "1").exitCode());
        assertTrue(sftp("get /logcollect/logs/error.log " + dir.resolve("before.log")).exitCode() == 0);

        RunResult untrust = hoshu.hoshu("tanaka", "tools", "untrust", oldKey);
        assertEquals(0, untrust.exitCode(), untrust::toString);
        assertEquals("hosp-a trusts " + newKey, untrust.stdout().strip());

        String notTrusted = "refused: tool 'logcollect' is signed by key " + oldKey
                + ", which this device's hospital does not trust (hoshu tools trust)";
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "1");
        assertEquals(126, run.exitCode(), run::toString);
        assertEquals(List.of(notTrusted), run.stderr().lines().filter(l -> !l.isBlank()).toList());
        assertAudited("tool.run", notTrusted);

        String closed = notTrusted + "; its transfer folders are closed";
        Path local = dir.resolve("after.log");
        RunResult get = sftp("get /logcollect/logs/error.log " + local);
        assertNotEquals(0, get.exitCode(), get::toString);
        assertTrue(get.stderr().lines().anyMatch(closed::equals), get::toString);
        assertFalse(Files.exists(local), "nothing was downloaded");
        RunResult scp = scp("CT-01@127.0.0.1:/logcollect/logs/error.log", local.toString());
        assertNotEquals(0, scp.exitCode(), scp::toString);
        assertTrue(scp.stderr().lines().anyMatch(closed::equals), scp::toString);
        assertFalse(Files.exists(local), "nothing was copied");
        assertAudited("session.transfer", closed);

        // A tool re-signed with the new key runs again, and transfers.
        RunResult status = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, status.exitCode(), status::toString);
        resign("logcollect", "1.0.1");
        assertEquals(0, hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "1").exitCode());
        RunResult again = sftp("get /logcollect/logs/error.log " + local);
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(Files.readString(local).contains("E1001"), again::toString);
    }

    @Test
    @Order(2)
    void aRevokedVersionClosesItsTransferFolders() throws IOException {
        RunResult publish = hoshu.hoshu("ops", "tools", "publish", tools.resolve("logcollect").toString());
        assertEquals(0, publish.exitCode(), publish::toString);
        RunResult revoke = hoshu.hoshu("ops", "tools", "revoke", "logcollect", "1.0.1", "--reason", "CVE-2026-0077");
        assertEquals(0, revoke.exitCode(), revoke::toString);

        String closed = "refused: tool 'logcollect' version 1.0.1 is revoked by the manufacturer or operator; its "
                + "transfer folders are closed (ask for a current version)";
        Path local = dir.resolve("revoked.log");
        RunResult get = sftp("get /logcollect/logs/error.log " + local);
        assertNotEquals(0, get.exitCode(), get::toString);
        assertTrue(get.stderr().lines().anyMatch(closed::equals), get::toString);
        RunResult scp = scp("CT-01@127.0.0.1:/logcollect/logs/error.log", local.toString());
        assertNotEquals(0, scp.exitCode(), scp::toString);
        assertTrue(scp.stderr().lines().anyMatch(closed::equals), scp::toString);
        assertFalse(Files.exists(local), "nothing was downloaded");
        assertAudited("session.transfer", closed);
    }

    /** The manufacturer's new version of a device tool, signed with the new key, installed in place of the old. */
    private void resign(String tool, String version) throws IOException {
        Path manifest = tools.resolve(tool).resolve("manifest.json");
        String before = Files.readString(manifest);
        String after = before.replaceFirst("\"version\"\\s*:\\s*\"[^\"]+\"", "\"version\": \"" + version + "\"");
        assertNotEquals(before, after, "the manifest names its version");
        Files.writeString(manifest, after);
        RunResult sign = hoshu.hoshu("tanaka", "tools", "sign", "--key", newKeyFile.toString(),
                tools.resolve(tool).toString());
        assertEquals(0, sign.exitCode(), sign::toString);
    }

    private void assertAudited(String action, String reason) {
        RunResult audit = hoshu.hoshu("ops", "audit", "--format", "jsonl", "--action", action);
        assertEquals(0, audit.exitCode(), audit::toString);
        assertTrue(audit.stdout().lines().anyMatch(l -> l.contains("\"outcome\":\"refused\"")
                        && l.contains("\"reason\":\"" + reason) && l.contains("\"actor\":\"sato\"")),
                "a refused " + action + " event by sato with reason '" + reason + "': " + audit);
    }

    private List<String> certificateOptions() throws IOException {
        Path keys = hoshu.home("sato").resolve("keys");
        try (Stream<Path> certs = Files.list(keys)) {
            Path cert = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
            return List.of("-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                    "-o", "UserKnownHostsFile=" + hoshu.knownHosts(), "-o", "IdentitiesOnly=yes",
                    "-o", "IdentityAgent=none", "-i", keys.resolve("id_ed25519").toString(),
                    "-o", "CertificateFile=" + cert);
        }
    }

    private RunResult sftp(String batch) throws IOException {
        Path file = Files.writeString(dir.resolve("batch-" + System.nanoTime()), batch + "\n");
        List<String> command = new ArrayList<>(List.of("sftp", "-b", file.toString(), "-P",
                String.valueOf(hoshu.sshPort)));
        command.addAll(certificate);
        command.add("CT-01@127.0.0.1");
        return Commands.run(command, Map.of(), null, dir);
    }

    private RunResult scp(String from, String to) {
        List<String> command = new ArrayList<>(List.of("scp", "-P", String.valueOf(hoshu.sshPort)));
        command.addAll(certificate);
        command.addAll(List.of(from, to));
        return Commands.run(command, Map.of(), null, dir);
    }
}
