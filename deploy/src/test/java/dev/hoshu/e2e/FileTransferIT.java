package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * File transfer through the gateway with the stock OpenSSH {@code sftp} and {@code scp} (issue #6, ADR 0015):
 * the demo {@code logcollect}'s signed manifest names a log folder to download from, a package folder to upload
 * signed packages to and a patient-data folder. Every file is in the session recording with its SHA-256 and in
 * the audit log; every refusal is a line the engineer reads, and nothing refused lands on the device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileTransferIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private Path deviceFiles;
    private Path incoming;
    private byte[] bundle;
    private List<String> transferGrant;
    private List<String> statusOnlyGrant;

    @BeforeAll
    void startBrokerAndAgent() throws IOException {
        deviceFiles = dir.resolve("device-files");
        Path logs = Files.createDirectories(deviceFiles.resolve("var/log/ct-demo"));
        incoming = Files.createDirectories(deviceFiles.resolve("var/opt/ct-demo/incoming"));
        Path studies = Files.createDirectories(deviceFiles.resolve("srv/ct-demo/dicom"));
        Files.writeString(logs.resolve("error.log"), "2026-11-21T09:01:00+09:00 E1001 gantry encoder retry\n");
        // Larger than one SFTP read, so the download passes in many chunks and the hash covers them all.
        bundle = new byte[3 * 1024 * 1024 + 17];
        new Random(6).nextBytes(bundle);
        Files.write(logs.resolve("bundle.tar"), bundle);
        Files.writeString(studies.resolve("study.dcm"), "patient: YAMADA Taro\n");

        hoshu = HoshuSystem.start(dir);
        hoshu.startAgent("CT-01", "tanaka", List.of("--device-files", deviceFiles.toString()));
        hoshu.awaitOnline("CT-01", "hosp-a");
        transferGrant = certificateOf(() -> hoshu.approvedRequest("sato", "tanaka", "CT-01", "logcollect", "status"));
        statusOnlyGrant = certificateOf(() -> hoshu.approvedRequest("sato", "tanaka", "CT-01", "status"));
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void aLogBundleDownloadsWithSftpAndItsSha256IsRecordedAndAudited() throws IOException {
        Path local = dir.resolve("downloaded-bundle.tar");
        Set<String> before = new HashSet<>(hoshu.recordedSessions());

        RunResult run = sftp(transferGrant, "get /logcollect/logs/bundle.tar " + local);

        assertEquals(0, run.exitCode(), run::toString);
        assertArrayEquals(bundle, Files.readAllBytes(local), "the bytes the device holds");
        String sha256 = Sha256.hex(bundle);
        Path recording = newRecording(before);
        String file = Files.readAllLines(recording).stream().filter(line -> line.contains("\"k\":\"file\""))
                .filter(line -> line.contains("/logcollect/logs/bundle.tar")).findFirst()
                .orElseThrow(() -> new AssertionError("no file event in " + recording));
        assertTrue(file.contains("\"op\":\"download\"") && file.contains("\"size\":" + bundle.length)
                && file.contains("\"sha256\":\"" + sha256 + "\"") && file.contains("\"result\":\"ok\""), file);
        RunResult verified = hoshu.hoshu("suzuki", "recordings", "verify", recording.toString());
        assertEquals(0, verified.exitCode(), verified::toString);
        assertTransferAudited("allowed", "/logcollect/logs/bundle.tar", sha256);
    }

    @Test
    void modernScpDownloadsThroughSftp() throws IOException {
        Path local = dir.resolve("error-by-scp.log");

        RunResult run = scp(transferGrant, List.of(), "CT-01@127.0.0.1:/logcollect/logs/error.log", local.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("2026-11-21T09:01:00+09:00 E1001 gantry encoder retry\n", Files.readString(local));
    }

    @Test
    void legacyScpIsRefusedWithItsOwnLine() {
        Path local = dir.resolve("error-by-legacy-scp.log");

        RunResult run = scp(transferGrant, List.of("-O"), "CT-01@127.0.0.1:/logcollect/logs/error.log",
                local.toString());

        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("refused: legacy scp (scp -O) is not served; use sftp, or scp without -O"),
                run::toString);
        assertFalse(Files.exists(local), "nothing was copied");
    }

    @Test
    void anUnsignedPackageIsRefusedAndNothingLands() throws IOException {
        Path pkg = Files.write(dir.resolve("fw-2.1.tar"), "firmware 2.1, never signed\n".getBytes());

        RunResult run = sftp(transferGrant, "put " + pkg + " /logcollect/packages/fw-2.1.tar");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("refused: package 'fw-2.1.tar' has no signature; upload fw-2.1.tar.jws first"),
                run::toString);
        assertEquals(List.of(), landed(), "nothing of the refused package is on the device");
        assertTransferAudited("refused", "/logcollect/packages/fw-2.1.tar", Sha256.hex(Files.readAllBytes(pkg)));
    }

    @Test
    void aSignedPackageLands() throws IOException {
        byte[] bytes = "firmware 2.2, signed by the manufacturer\n".getBytes();
        Path pkg = Files.write(dir.resolve("fw-2.2.tar"), bytes);
        // The manufacturer signs with the CLI, as a manufacturer does before handing the package to its engineers.
        RunResult sign = hoshu.hoshu("tanaka", "tools", "sign-package", "--key",
                dir.resolve("manufacturer/demo.key").toString(), pkg.toString());
        assertEquals(0, sign.exitCode(), sign::toString);
        Path signature = dir.resolve("fw-2.2.tar.jws");
        assertTrue(Files.isRegularFile(signature), sign::toString);

        RunResult run = sftp(transferGrant, "put " + signature + " /logcollect/packages/fw-2.2.tar.jws",
                "put " + pkg + " /logcollect/packages/fw-2.2.tar");

        assertEquals(0, run.exitCode(), run::toString);
        assertArrayEquals(bytes, Files.readAllBytes(incoming.resolve("fw-2.2.tar")));
        assertTransferAudited("allowed", "/logcollect/packages/fw-2.2.tar", Sha256.hex(bytes));
    }

    @Test
    void traversalOutOfTheAreaReachesNothingAndIsRefusedByName() throws IOException {
        Path local = dir.resolve("passwd");
        String escapee = "hoshu-traversal-" + System.nanoTime();
        String why = " is outside the transfer folders of logcollect 1.0.0 (/logcollect/logs, /logcollect/packages)";

        // '..' climbs only to the session area's root; the device names the path it ends at and refuses it.
        RunResult read = sftp(transferGrant, "get /logcollect/logs/../../../../etc/passwd " + local);
        RunResult list = sftp(transferGrant, "ls /etc");
        Path pkg = Files.writeString(dir.resolve(escapee), "not for /tmp\n");
        RunResult write = sftp(transferGrant, "put " + pkg + " /logcollect/packages/../../../../tmp/" + escapee);

        assertNotEquals(0, read.exitCode(), read::toString);
        // Hoshu's reason comes first; OpenSSH's sftp then adds its own text for any failed stat ("not found").
        assertEquals("refused: /etc/passwd" + why, read.stderr().lines().findFirst().orElse(""), read::toString);
        assertFalse(Files.exists(local), "nothing was copied");
        assertNotEquals(0, list.exitCode(), list::toString);
        assertTrue(list.stderr().contains("refused: /etc" + why), list::toString);
        assertTransferAudited("refused", "/logcollect/logs/../../../../etc/passwd", null);
        assertNotEquals(0, write.exitCode(), write::toString);
        assertTrue(write.stderr().contains("refused: /tmp/" + escapee + why), write::toString);
        assertFalse(Files.exists(Path.of("/tmp", escapee)), "nothing landed outside the device's folders");
        try (Stream<Path> all = Files.walk(deviceFiles)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(escapee)), "nor inside them");
        }
    }

    @Test
    void thePatientDataFolderIsAbsentWithoutTheGrantsPatientDataFlag() {
        Path local = dir.resolve("study.dcm");

        RunResult list = sftp(transferGrant, "ls /logcollect");
        RunResult run = sftp(transferGrant, "get /logcollect/studies/study.dcm " + local);

        assertEquals(0, list.exitCode(), list::toString);
        assertTrue(list.stdout().contains("logs") && list.stdout().contains("packages"), list::toString);
        assertFalse(list.stdout().contains("studies"), "the grant does not allow patient data: " + list);
        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("refused: /logcollect/studies/study.dcm is outside the transfer folders"),
                run::toString);
        assertFalse(Files.exists(local), "no patient data left the device");
    }

    @Test
    void aGrantWithoutATransferCapableToolGetsNoSftp() {
        RunResult run = sftp(statusOnlyGrant, "ls /");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("refused: file transfer (sftp) is not allowed under this grant: none of its "
                + "tools (status) names a transfer folder"), run::toString);
    }

    private RunResult sftp(List<String> certificate, String... batch) {
        Path file = dir.resolve("batch-" + System.nanoTime());
        try {
            Files.write(file, List.of(batch));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("sftp", "-b", file.toString(), "-P",
                String.valueOf(hoshu.sshPort)));
        command.addAll(clientOptions(certificate));
        command.add("CT-01@127.0.0.1");
        return Commands.run(command, Map.of(), null, dir);
    }

    private RunResult scp(List<String> certificate, List<String> options, String from, String to) {
        List<String> command = new ArrayList<>(List.of("scp", "-P", String.valueOf(hoshu.sshPort)));
        command.addAll(options);
        command.addAll(clientOptions(certificate));
        command.addAll(List.of(from, to));
        return Commands.run(command, Map.of(), null, dir);
    }

    private List<String> clientOptions(List<String> certificate) {
        List<String> options = new ArrayList<>(List.of("-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + hoshu.knownHosts(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"));
        options.addAll(certificate);
        return options;
    }

    /** Runs {@code hoshu ssh CT-01 status} under a new grant, and returns the ssh options of its certificate. */
    private List<String> certificateOf(java.util.function.Supplier<String> approve) throws IOException {
        Path keys = hoshu.home("sato").resolve("keys");
        Set<Path> before = certificates(keys);
        approve.get();
        RunResult status = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, status.exitCode(), status::toString);
        Set<Path> after = certificates(keys);
        after.removeAll(before);
        assertEquals(1, after.size(), "one new grant certificate: " + after);
        return List.of("-i", keys.resolve("id_ed25519").toString(),
                "-o", "CertificateFile=" + after.iterator().next());
    }

    private static Set<Path> certificates(Path keys) throws IOException {
        if (!Files.isDirectory(keys)) {
            return new HashSet<>();
        }
        try (Stream<Path> files = Files.list(keys)) {
            return new HashSet<>(files.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).toList());
        }
    }

    private Path newRecording(Set<String> before) {
        List<String> fresh = hoshu.recordedSessions().stream().filter(id -> !before.contains(id)).toList();
        assertEquals(1, fresh.size(), "one new recording: " + fresh);
        return hoshu.recording(fresh.get(0));
    }

    private List<String> landed() throws IOException {
        try (Stream<Path> files = Files.list(incoming)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("fw-2.1")).toList();
        }
    }

    private void assertTransferAudited(String outcome, String path, String sha256) {
        RunResult audit = hoshu.hoshu("suzuki", "audit", "--format", "jsonl", "--action", "session.transfer");
        assertEquals(0, audit.exitCode(), audit::toString);
        assertTrue(audit.stdout().lines().anyMatch(line -> line.contains("\"outcome\":\"" + outcome + "\"")
                        && line.contains("\"path\":\"" + path + "\"")
                        && (sha256 == null || line.contains("\"sha256\":\"" + sha256 + "\""))
                        && line.contains("\"actor\":\"sato\"")),
                "a " + outcome + " session.transfer event for " + path + ": " + audit);
    }
}
