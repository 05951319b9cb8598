package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The walking skeleton's path, as its users meet it: an engineer with an approved grant runs a
 * signed tool on CT-01 with the real OpenSSH client, through the broker and the agent's tunnel;
 * everything outside the grant is refused with one line; a kill ends the session and the tool's
 * process tree; the recording verifies and any edit is located.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionPathIT {

    private static final Pattern SESSION_ID = Pattern.compile("\\bs-[a-z0-9]+");

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private ManagedProcess agent;
    private Path key;
    private Path certificate;

    @BeforeAll
    void startBrokerAndAgent() throws IOException {
        hoshu = HoshuSystem.start(dir);
        agent = hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "status", "selftest");

        RunResult first = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, first.exitCode(), first::toString);
        key = hoshu.home("sato").resolve("keys/id_ed25519");
        try (Stream<Path> certs = Files.list(hoshu.home("sato").resolve("keys"))) {
            certificate = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
        }
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    private List<String> withGrantCertificate() {
        return List.of("-i", key.toString(), "-o", "CertificateFile=" + certificate);
    }

    @Test
    void theHoshuCliRunsTheSignedToolOnTheDevice() {
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("gantry: nominal"), run::toString);
    }

    @Test
    void plainOpenSshWithTheGrantCertificateReturnsTheToolsExitCode() {
        RunResult run = hoshu.ssh(withGrantCertificate(), "CT-01", "status", "--fail");

        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.stdout().contains("x-ray tube: nominal"), run::toString);
        assertTrue(run.stderr().contains("cooling: ATTENTION"), run::toString);
    }

    @Test
    void aToolOutsideTheGrantIsRefusedWithOneLine() {
        RunResult run = hoshu.ssh(withGrantCertificate(), "CT-01", "logcollect");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertOneLineRefusal(run, "logcollect");
    }

    @Test
    void anotherDeviceIsRefusedWithOneLine() {
        RunResult run = hoshu.ssh(withGrantCertificate(), "CT-02", "status");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertOneLineRefusal(run, "CT-02");
    }

    @Test
    void shellMetacharactersReachNoShell() {
        Path marker = dir.resolve("pwned");

        RunResult run = hoshu.ssh(withGrantCertificate(), "CT-01", "status;", "touch", marker.toString());
        RunResult quoted = hoshu.ssh(withGrantCertificate(), "CT-01", "status", "'$(touch " + marker + ")'");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertNotEquals(0, quoted.exitCode(), quoted::toString);
        assertFalse(Files.exists(marker), "a shell ran the engineer's metacharacters");
    }

    @Test
    void anExpiredCertificateFromTheBrokersCaIsRefusedWithOneLine() throws IOException {
        Path expired = signWith(hoshu.brokerData().resolve("pki/user-ca.key"), "expired", "20200101:20200102");

        RunResult run = hoshu.ssh(List.of("-i", key.toString(), "-o", "CertificateFile=" + expired), "CT-01", "status");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertOneLineRefusal(run, "expired");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithOneLine() throws IOException {
        Path otherCa = dir.resolve("other-ca");
        RunResult keygen = Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherCa.toString()),
                java.util.Map.of(), null, null);
        assertEquals(0, keygen.exitCode(), keygen::toString);
        Path foreign = signWith(otherCa, "foreign", "-5m:+1h");

        RunResult run = hoshu.ssh(List.of("-i", key.toString(), "-o", "CertificateFile=" + foreign), "CT-01", "status");

        assertNotEquals(0, run.exitCode(), run::toString);
        assertOneLineRefusal(run, "CA");
    }

    @Test
    void theAgentHoldsNoListeningSocket() {
        assertTrue(ListeningSockets.socketCount(agent.pid()) > 0, "the agent should at least hold its tunnel socket");
        assertEquals(List.of(), ListeningSockets.of(agent.pid()), "listening sockets of the agent");
    }

    @Test
    void aToolFileChangedAfterSigningIsRefusedAtRunTime() throws IOException {
        Path script = hoshu.agentDir("CT-01").resolve("tools/status/bin/status");
        byte[] original = Files.readAllBytes(script);
        try {
            Files.writeString(script, "\necho changed after signing\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);

            RunResult run = hoshu.ssh(withGrantCertificate(), "CT-01", "status");

            assertNotEquals(0, run.exitCode(), run::toString);
            assertOneLineRefusal(run, "changed since signing");
            assertFalse(run.stdout().contains("changed after signing"), "the changed tool ran");
        } finally {
            Files.write(script, original);
        }
    }

    @Test
    void theRecordingVerifiesAndAnyChangedByteIsLocated() throws IOException {
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> sessions = hoshu.recordedSessions();
        String session = sessions.get(sessions.size() - 1);

        RunResult verified = hoshu.hoshu("suzuki", "recordings", "verify", "--session", session);
        assertEquals(0, verified.exitCode(), verified::toString);
        assertTrue(verified.stdout().contains("ok"), verified::toString);

        Path original = hoshu.recording(session);
        List<String> lines = Files.readAllLines(original, StandardCharsets.UTF_8);
        assertTrue(lines.size() >= 5, "a recording with header, exec, output, exit and seal: " + lines);
        Path copy = dir.resolve(session + "-copy.jsonl");
        Files.copy(original, copy);
        RunResult untouched = hoshu.hoshu("suzuki", "recordings", "verify", copy.toString());
        assertEquals(0, untouched.exitCode(), untouched::toString);

        for (int line : List.of(1, 3, lines.size())) {
            Path tampered = dir.resolve(session + "-tampered-" + line + ".jsonl");
            Files.write(tampered, flipOneByte(Files.readAllBytes(original), line));

            RunResult broken = hoshu.hoshu("suzuki", "recordings", "verify", tampered.toString());

            assertNotEquals(0, broken.exitCode(), broken::toString);
            assertTrue(broken.all().contains("line " + line), "names line " + line + ": " + broken);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // the kill revokes the grant the other tests use
    void aKilledSessionEndsWithTheReasonAndNoToolProcessRemains() {
        ManagedProcess ssh = hoshu.sshInBackground("selftest-ssh", withGrantCertificate(), "CT-01", "selftest");
        ssh.awaitOutput("step 2/600", Duration.ofSeconds(30));
        List<ProcessHandle> toolTree = agent.handle().descendants().toList();
        assertFalse(toolTree.isEmpty(), "the selftest should run as the agent's child");

        RunResult sessions = hoshu.hoshu("tanaka", "sessions");
        Matcher id = SESSION_ID.matcher(sessions.stdout());
        assertTrue(id.find(), sessions::toString);
        RunResult kill = hoshu.hoshu("tanaka", "kill", id.group(), "--reason", "scanner needed for a patient");
        assertEquals(0, kill.exitCode(), kill::toString);

        int exit = ssh.awaitExit(Duration.ofSeconds(10));
        assertNotEquals(0, exit, ssh.output());
        assertTrue(ssh.output().contains("scanner needed for a patient"), ssh.output());
        Await.until(Duration.ofSeconds(15), "the selftest's process tree to end",
                () -> toolTree.stream().noneMatch(ProcessHandle::isAlive));
        RunResult after = hoshu.hoshu("tanaka", "sessions");
        assertFalse(after.stdout().contains(id.group()), "the killed session is still listed: " + after);
    }

    private Path signWith(Path caKey, String name, String validity) throws IOException {
        Path pub = dir.resolve(name + ".pub");
        Files.copy(Path.of(key + ".pub"), pub, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String grant = certificate.getFileName().toString().replace("-cert.pub", "");
        RunResult sign = Commands.run(List.of("ssh-keygen", "-q", "-s", caKey.toString(), "-I", grant, "-n", "CT-01",
                "-V", validity, pub.toString()), java.util.Map.of(), null, null);
        assertEquals(0, sign.exitCode(), sign::toString);
        return dir.resolve(name + "-cert.pub");
    }

    private static byte[] flipOneByte(byte[] recording, int line) {
        int start = 0;
        for (int n = 1; n < line; n++) {
            while (recording[start] != '\n') {
                start++;
            }
            start++;
        }
        byte[] copy = recording.clone();
        int at = start + 10; // inside the line's JSON, past its opening brace
        copy[at] = (byte) (copy[at] == 'x' ? 'y' : 'x');
        return copy;
    }

    /**
     * Hoshu's refusal is one line; a refused login is followed by OpenSSH's own
     * "Permission denied (publickey)." line, which is not Hoshu's to change.
     */
    private static void assertOneLineRefusal(RunResult run, String mentions) {
        List<String> ours = run.stderr().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.endsWith("Permission denied (publickey).")).toList();
        assertEquals(1, ours.size(), "one line of Hoshu's on stderr: " + run);
        assertTrue(ours.get(0).startsWith("refused:") || ours.get(0).startsWith("denied:"), run::toString);
        assertTrue(ours.get(0).contains(mentions), "the refusal names '" + mentions + "': " + run);
    }
}
