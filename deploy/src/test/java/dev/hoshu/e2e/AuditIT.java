package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log as an auditor meets it: the walking skeleton's acts (enrollment, request, refused
 * self-approval, approval, a tool run, a kill) appear in order with their outcomes for the hospital's auditor,
 * another hospital sees none of them, and the broker's file verifies until one byte of it is changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIT {

    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");
    private static final Pattern SESSION_ID = Pattern.compile("\\bs-[a-z0-9]+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;

    @BeforeAll
    void startBrokerAndAgent() {
        hoshu = HoshuSystem.start(dir);
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
    void theHospitalsAuditorSeesItsActsInOrderAnotherHospitalNoneAndTheFileVerifies() throws IOException {
        String request = walkingSkeleton();

        RunResult suzuki = hoshu.hoshu("suzuki", "audit", "--format", "jsonl");
        assertEquals(0, suzuki.exitCode(), suzuki::toString);
        List<String> acts = new ArrayList<>();
        for (String line : suzuki.stdout().split("\n")) {
            JsonNode event = JSON.readTree(line);
            assertEquals("hosp-a", event.path("hospital").asString(), line);
            acts.add(event.path("action").asString() + " " + event.path("outcome").asString() + " "
                    + event.path("actor").asString() + detail(event, "tool"));
        }
        assertInOrder(acts, List.of(
                "device.join-token allowed tanaka",
                "device.enroll allowed device:CT-01",
                "request.create allowed sato",
                "request.approve refused sato",
                "request.approve allowed tanaka",
                "grant.certificate allowed sato",
                "session.start allowed sato status",
                "session.start allowed sato selftest",
                "session.kill allowed tanaka"));
        assertTrue(suzuki.stdout().contains(request), suzuki::toString);

        RunResult kato = hoshu.hoshu("kato", "audit", "--format", "jsonl");
        assertEquals(0, kato.exitCode(), kato::toString);
        assertFalse(kato.stdout().contains("hosp-a"), kato::toString);
        assertFalse(kato.stdout().contains(request), kato::toString);
        RunResult sato = hoshu.hoshu("sato", "audit");
        assertEquals(1, sato.exitCode(), sato::toString);
        assertEquals("denied: reading the audit log needs the auditor, hospital-admin or operator role",
                sato.stderr().strip());

        RunResult syslog = hoshu.hoshu("suzuki", "audit", "--format", "syslog", "--action", "request.");
        assertEquals(0, syslog.exitCode(), syslog::toString);
        assertTrue(syslog.stdout().lines().allMatch(l -> l.matches("<10[89]>1 \\S+ \\S+ hoshu - request\\.\\S+ \\[hoshu@32473 .*")),
                syslog::toString);

        Path file = todaysAuditFile();
        RunResult intact = hoshu.hoshu("suzuki", "audit", "verify", file.toString());
        assertEquals(0, intact.exitCode(), intact::toString);
        assertTrue(intact.stdout().matches("ok: \\d+ lines, chain intact\\s*"), intact::toString);

        int line = changeOneByteOnLine(file, 4);
        RunResult broken = hoshu.hoshu("suzuki", "audit", "verify", file.toString());
        assertEquals(1, broken.exitCode(), broken::toString);
        assertTrue(broken.stdout().startsWith("broken at line " + line + ": "), broken::toString);
    }

    /** Enrollment happened at start; then request, refused self-approval, approval, a tool run and a kill. */
    private String walkingSkeleton() throws IOException {
        RunResult asked = hoshu.hoshu("sato", "request", "CT-01", "--tool", "status", "--tool", "selftest",
                "--category", "MAINTENANCE", "--reason", "WO-AUDIT-1", "--minutes", "30");
        assertEquals(0, asked.exitCode(), asked::toString);
        Matcher request = REQUEST_ID.matcher(asked.stdout());
        assertTrue(request.find(), asked::toString);
        RunResult self = hoshu.hoshu("sato", "approve", request.group());
        assertNotEquals(0, self.exitCode(), self::toString);
        RunResult approved = hoshu.hoshu("tanaka", "approve", request.group());
        assertEquals(0, approved.exitCode(), approved::toString);
        RunResult status = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        assertEquals(0, status.exitCode(), status::toString);

        Path keys = hoshu.home("sato").resolve("keys");
        Path certificate;
        try (Stream<Path> certs = Files.list(keys)) {
            certificate = certs.filter(p -> p.getFileName().toString().endsWith("-cert.pub")).findFirst().orElseThrow();
        }
        ManagedProcess selftest = hoshu.sshInBackground("audit-selftest",
                List.of("-i", keys.resolve("id_ed25519").toString(), "-o", "CertificateFile=" + certificate),
                "CT-01", "selftest");
        selftest.awaitOutput("step 2/", Duration.ofSeconds(30));
        RunResult sessions = hoshu.hoshu("tanaka", "sessions");
        Matcher session = SESSION_ID.matcher(sessions.stdout());
        assertTrue(session.find(), sessions::toString);
        RunResult kill = hoshu.hoshu("tanaka", "kill", session.group(), "--reason", "scanner needed");
        assertEquals(0, kill.exitCode(), kill::toString);
        assertNotEquals(0, selftest.awaitExit(Duration.ofSeconds(10)), selftest.output());
        return request.group();
    }

    private static String detail(JsonNode event, String name) {
        JsonNode value = event.path("details").path(name);
        return value.isString() ? " " + value.asString() : "";
    }

    /** Each expected act appears, in this order; other acts (reads of the log, say) may come between. */
    private static void assertInOrder(List<String> acts, List<String> expected) {
        int at = 0;
        for (String act : acts) {
            if (at < expected.size() && act.equals(expected.get(at))) {
                at++;
            }
        }
        assertEquals(expected.size(), at, "missing or out of order: " + expected.subList(Math.min(at, expected.size() - 1),
                expected.size()) + " in " + acts);
    }

    /** The newest day file: the run may cross midnight UTC, and then the acts end in the later file. */
    private Path todaysAuditFile() throws IOException {
        try (Stream<Path> files = Files.list(hoshu.brokerData().resolve("audit"))) {
            return files.filter(p -> p.getFileName().toString().matches("audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl"))
                    .max(Path::compareTo).orElseThrow();
        }
    }

    /** Changes one ASCII letter inside line {@code wanted} (or the last line of a shorter file); returns the line. */
    private static int changeOneByteOnLine(Path file, int wanted) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < bytes.length - 1; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1);
            }
        }
        int line = Math.min(wanted, starts.size());
        int at = starts.get(line - 1) + 10;
        while (!Character.isLetter(bytes[at])) {
            at++;
        }
        bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
        Files.write(file, bytes);
        return line;
    }
}
