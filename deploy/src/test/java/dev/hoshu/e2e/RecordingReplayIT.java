package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A recorded session as auditors get it back: the asciicast export that the real {@code asciinema cat} turns
 * into exactly what the engineer's ssh printed, replay, the evidence bundle, and search across two hospitals
 * with nothing leaking either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingReplayIT {

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private String session;
    private String printed;
    private String cautions;

    @BeforeAll
    void recordASession() {
        hoshu = HoshuSystem.start(dir);
        for (String user : List.of("watanabe", "ops")) {
            RunResult login = hoshu.hoshuWithInput(user, "demo\n", "login", "--broker", hoshu.brokerUrl(),
                    "--ssh", "127.0.0.1:" + hoshu.sshPort, "--user", user, "--password-stdin");
            HoshuSystem.check(login.exitCode() == 0, "login as " + user, login);
        }
        hoshu.startAgent("CT-01", "tanaka");
        hoshu.awaitOnline("CT-01", "hosp-a");
        hoshu.approvedRequest("sato", "tanaka", "CT-01", "logcollect");
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "400");
        HoshuSystem.check(run.exitCode() == 0, "logcollect through the broker", run);
        // OpenSSH's own notice of the gateway's host key on a first connection is local, not the session's.
        cautions = run.stderr().lines().filter(l -> !l.startsWith("Warning: Permanently added"))
                .map(l -> l + "\n").collect(java.util.stream.Collectors.joining());
        // The terminal showed the manifest's caution (ssh's stderr) before the tool's first line (its stdout).
        printed = cautions + run.stdout();
        List<String> sessions = hoshu.recordedSessions();
        session = sessions.get(sessions.size() - 1);
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void theEngineerReadsTheToolsCautionBeforeItsOutput() {
        assertEquals("hoshu: caution (logcollect 1.0.0): The error log holds no patient data; do not collect from "
                + "the DICOM store.\n", cautions);
    }

    @Test
    void asciinemaCatOfTheExportReproducesWhatSshPrinted() throws IOException {
        assertEquals(401, printed.lines().count(), "ssh printed the caution and the tool's 400 lines");
        Path cast = dir.resolve("session.cast");

        RunResult export = hoshu.hoshu("suzuki", "recordings", "export", "--session", session, "--format", "cast",
                "-o", cast.toString());
        assertEquals(0, export.exitCode(), export::toString);

        // asciinema cat wants a terminal for its keyboard; script gives it one, its output goes to a file as is.
        Path replayed = dir.resolve("asciinema-cat.out");
        RunResult cat = Commands.run(List.of("script", "-qec", "asciinema cat '" + cast + "' > '" + replayed + "'",
                "/dev/null"), Map.of(), null, dir);
        assertEquals(0, cat.exitCode(), cat::toString);
        // ssh ran without a terminal, so its lines end in bare LF; the cast ends them as the engineer's terminal did.
        assertEquals(printed.replaceAll("(?<!\r)\n", "\r\n"), new String(Files.readAllBytes(replayed), StandardCharsets.UTF_8));
        assertCastHeader(Files.readAllLines(cast).get(0));
    }

    private void assertCastHeader(String header) {
        var json = JsonMapper.builder().build().readTree(header);
        assertEquals(2, json.path("version").asInt());
        assertEquals("logcollect --lines 400 on CT-01 (" + session + ")", json.path("title").asString());
    }

    @Test
    void playShowsTheSameOutput() {
        RunResult play = hoshu.hoshu("suzuki", "recordings", "play", "--session", session, "--speed", "100",
                "--idle-limit", "0.1");

        assertEquals(0, play.exitCode(), play::toString);
        assertEquals(printed, play.stdout());
    }

    @Test
    void theEvidenceBundleHoldsRecordingReportKeyCastAndManifest() throws IOException {
        Path zip = dir.resolve("evidence.zip");

        RunResult bundle = hoshu.hoshu("suzuki", "recordings", "bundle", "--session", session, "-o", zip.toString());

        assertEquals(0, bundle.exitCode(), bundle::toString);
        Set<String> names = new HashSet<>();
        String verification = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("verification.txt")) {
                    verification = new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        assertEquals(Set.of(session + ".jsonl", "verification.txt", "seal-key.pem", session + ".cast", "manifest.json"), names);
        assertTrue(verification != null && verification.startsWith("ok: "), String.valueOf(verification));
    }

    @Test
    void theHospitalsAuditorFindsTheSessionByItsFacts() {
        RunResult search = hoshu.hoshu("suzuki", "recordings", "search", "--device", "CT-01", "--engineer", "sato",
                "--since", "1h", "--command", "logcollect", "--exit", "0");

        assertEquals(0, search.exitCode(), search::toString);
        assertTrue(search.stdout().contains(session), search::toString);
    }

    @Test
    void anotherHospitalsAuditorFindsNothingAndCannotFetchItById() {
        RunResult search = hoshu.hoshu("watanabe", "recordings", "search");
        assertEquals(0, search.exitCode(), search::toString);
        assertEquals("no recordings match", search.stdout().strip());

        for (String command : List.of("export", "bundle")) {
            RunResult fetch = hoshu.hoshu("watanabe", "recordings", command, "--session", session, "-o",
                    dir.resolve("stolen-" + command).toString());
            assertEquals(1, fetch.exitCode(), fetch::toString);
            assertEquals("no recording of session " + session, fetch.stderr().strip());
            assertFalse(Files.exists(dir.resolve("stolen-" + command)));
        }
        RunResult play = hoshu.hoshu("watanabe", "recordings", "play", "--session", session);
        assertEquals(1, play.exitCode(), play::toString);
        assertEquals("no recording of session " + session, play.stderr().strip());
        // Recordings hold personal information: approvers, even of the same hospital, do not read them (REQ-REC-7).
        RunResult approver = hoshu.hoshu("tanaka", "recordings", "play", "--session", session);
        assertEquals(1, approver.exitCode(), approver::toString);
        assertEquals("denied: reading a recording needs the auditor role", approver.stderr().strip());
    }

    @Test
    void traversalInARecordingIdReachesNoFile() throws Exception {
        String token = JsonMapper.builder().build().readTree(Files.readString(hoshu.home("suzuki").resolve("session.json")))
                .path("token").asString();
        HttpClient http = HttpClient.newHttpClient();
        for (String hostile : List.of("..%2Fhosp-a%2F" + session, "%2E%2E", "..%2F..%2Fpki%2Frecording-seal.key")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(hoshu.brokerUrl() + "/api/v1/recordings/" + hostile))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(answer.statusCode() == 404 || answer.statusCode() == 400, hostile + " -> " + answer.statusCode());
            assertFalse(answer.body().contains("\"k\":\"header\"") || answer.body().contains("PRIVATE"), answer.body());
        }
        RunResult cli = hoshu.hoshu("suzuki", "recordings", "export", "--session", "../" + session, "-o",
                dir.resolve("t.cast").toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.stderr().contains("is not a valid session id"), cli::toString);
    }

    @Test
    void thePlatformOperatorSeesMetadataButNoContent() {
        RunResult search = hoshu.hoshu("ops", "recordings", "search", "--device", "CT-01");
        assertEquals(0, search.exitCode(), search::toString);
        assertTrue(search.stdout().contains(session) && search.stdout().contains("hosp-a"), search::toString);
        assertFalse(search.stdout().contains("gantry encoder"), search::toString);

        RunResult export = hoshu.hoshu("ops", "recordings", "export", "--session", session, "-o",
                dir.resolve("ops.cast").toString());
        assertEquals(1, export.exitCode(), export::toString);
        assertEquals("denied: the platform operator sees recording metadata only, never content", export.stderr().strip());
    }

    @Test
    void afterASealKeyRotationOldAndNewRecordingsVerifyUnderTheirOwnKeys() {
        String oldKey = sealKeyOf(session);
        RunResult notOperator = hoshu.hoshu("suzuki", "recordings", "keys", "rotate", "--reason", "yearly rotation");
        assertEquals(1, notOperator.exitCode(), notOperator::toString);
        assertEquals("denied: rotating the recording seal key needs the operator role", notOperator.stderr().strip());

        RunResult rotate = hoshu.hoshu("ops", "recordings", "keys", "rotate", "--reason", "yearly rotation");
        assertEquals(0, rotate.exitCode(), rotate::toString);
        RunResult again = hoshu.hoshu("sato", "ssh", "CT-01", "logcollect", "--lines", "3");
        HoshuSystem.check(again.exitCode() == 0, "logcollect after the rotation", again);
        List<String> sessions = hoshu.recordedSessions();
        String after = sessions.get(sessions.size() - 1);
        String newKey = sealKeyOf(after);

        assertFalse(newKey.equals(oldKey), "the new recording names the new key");
        RunResult keys = hoshu.hoshu("suzuki", "recordings", "keys");
        assertEquals(0, keys.exitCode(), keys::toString);
        List<String> rows = keys.stdout().lines().toList();
        assertTrue(rows.size() == 3 && rows.get(1).startsWith(oldKey) && rows.get(1).contains("retired")
                && rows.get(2).startsWith(newKey) && rows.get(2).contains("current"), keys::toString);
        for (String[] recorded : List.of(new String[] {session, oldKey}, new String[] {after, newKey})) {
            RunResult verify = hoshu.hoshu("suzuki", "recordings", "verify", "--session", recorded[0]);
            assertEquals(0, verify.exitCode(), verify::toString);
            assertTrue(verify.stdout().strip().startsWith("ok: ") && verify.stdout().strip().endsWith("sealed by " + recorded[1]),
                    verify::toString);
        }
        RunResult audit = hoshu.hoshu("ops", "audit", "--action", "recording.key-rotate", "--format", "jsonl");
        assertEquals(0, audit.exitCode(), audit::toString);
        List<String> events = audit.stdout().lines().toList();
        assertEquals(2, events.size(), audit::toString);
        assertTrue(events.get(0).contains("\"outcome\":\"refused\"") && events.get(0).contains("\"actor\":\"suzuki\""),
                events.get(0));
        assertTrue(events.get(1).contains("\"outcome\":\"allowed\"") && events.get(1).contains("\"actor\":\"ops\""),
                events.get(1));
    }

    private String sealKeyOf(String sessionId) {
        try {
            return JsonMapper.builder().build().readTree(Files.readAllLines(hoshu.recording(sessionId)).get(0))
                    .path("sealKey").asString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
