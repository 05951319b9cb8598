package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * REQ-WORK-1, -2 and the incident timeline: a REPAIR session on a real device agent, its work order closed by the
 * engineer with the result and the operation check, the signed report downloaded by the hospital's auditor and
 * checked offline (one changed byte breaks it), the PDF rendered by poppler showing the Japanese text, and the
 * device's timeline set against the recording and the audit log on disk for the same range. Needs poppler-utils
 * (pdftoppm, pdftotext) and fonts-ipaexfont; without them the test fails, it never skips.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkReportIT {

    private static final Pattern REQUEST_ID = Pattern.compile("\\br-[a-z0-9]+");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RESULT = "ガントリ回転エラー E-31 を解消しました";
    private static final String CHECK = "ファントム撮影で画質を確認しました";
    private static final String HELPER = "放射線科 高橋";

    @TempDir
    static Path dir;

    private HoshuSystem hoshu;
    private String workOrder;
    private String session;
    private Instant from;
    private Instant to;
    private Path key;

    @BeforeAll
    void repairAndClose() {
        from = Instant.now().minusSeconds(1);
        hoshu = HoshuSystem.start(dir);
        RunResult login = hoshu.hoshuWithInput("yamada", "demo\n", "login", "--broker", hoshu.brokerUrl(),
                "--ssh", "127.0.0.1:" + hoshu.sshPort, "--user", "yamada", "--password-stdin");
        HoshuSystem.check(login.exitCode() == 0, "login as yamada", login);
        hoshu.startAgent("CT-01", "tanaka", "--model", "CT-DEMO-64", "--firmware", "V4.2.1");
        hoshu.awaitOnline("CT-01", "hosp-a");

        RunResult asked = hoshu.hoshu("sato", "request", "CT-01", "--category", "REPAIR", "--tool", "status",
                "--reason", "ガントリ回転エラー E-31", "--work-order", "WO-2026-0042", "--minutes", "30");
        HoshuSystem.check(asked.exitCode() == 0, "REPAIR request", asked);
        Matcher id = REQUEST_ID.matcher(asked.stdout());
        HoshuSystem.check(id.find(), "request id", asked);
        workOrder = id.group();
        for (String approver : List.of("tanaka", "yamada")) {
            RunResult approve = hoshu.hoshu(approver, "approve", workOrder);
            HoshuSystem.check(approve.exitCode() == 0, "approve by " + approver, approve);
        }
        RunResult run = hoshu.hoshu("sato", "ssh", "CT-01", "status");
        HoshuSystem.check(run.exitCode() == 0, "status through the broker", run);
        List<String> sessions = hoshu.recordedSessions();
        session = sessions.get(sessions.size() - 1);

        RunResult close = hoshu.hoshu("sato", "workorders", "close", workOrder, "--result", RESULT,
                "--repair-form", "REMOTE_ONLY", "--operation-check", CHECK, "--helper", HELPER);
        HoshuSystem.check(close.exitCode() == 0, "close the work order", close);
        to = Instant.now().plusSeconds(1);
        key = dir.resolve("report-key.pem");
        RunResult saved = hoshu.hoshu("suzuki", "reports", "key", "-o", key.toString());
        HoshuSystem.check(saved.exitCode() == 0, "save the report key", saved);
    }

    @AfterAll
    void stop() {
        if (hoshu != null) {
            hoshu.close();
        }
    }

    @Test
    void closingTwiceIsRefusedAndAnotherHospitalDoesNotSeeTheOrder() {
        RunResult again = hoshu.hoshu("tanaka", "workorders", "close", workOrder, "--result", "x", "--repair-form",
                "REMOTE_ONLY", "--operation-check", "x", "--helper", "none");
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.stderr().startsWith("refused: work order " + workOrder + " was already closed by sato at "),
                again::toString);
        RunResult foreign = hoshu.hoshu("kato", "workorders", "show", workOrder);
        assertEquals(1, foreign.exitCode(), foreign::toString);
        assertEquals("unknown work order " + workOrder + "\n", foreign.stderr());
    }

    @Test
    void theJsonReportVerifiesOfflineAndOneChangedByteBreaksIt() throws IOException {
        Path report = dir.resolve("report.json");
        RunResult download = hoshu.hoshu("suzuki", "reports", "download", workOrder, "-o", report.toString());
        assertEquals(0, download.exitCode(), download::toString);
        Path signature = Path.of(report + ".sig");

        RunResult verified = hoshu.hoshu("suzuki", "reports", "verify", report.toString(), signature.toString(),
                "--key", key.toString());
        assertEquals(0, verified.exitCode(), verified::toString);
        assertTrue(verified.stdout().startsWith("ok: signed by sha256:"), verified::toString);

        JsonNode json = JSON.readTree(Files.readAllBytes(report));
        assertEquals("REPAIR", json.path("workOrder").path("category").asString());
        assertEquals("WO-2026-0042", json.path("workOrder").path("reference").asString());
        assertEquals("CT-DEMO-64", json.path("device").path("model").asString());
        assertEquals("V4.2.1", json.path("device").path("firmware").asString());
        assertEquals(RESULT, json.path("closure").path("result").asString());
        assertEquals("REMOTE_ONLY", json.path("closure").path("repairForm").asString());
        assertEquals(CHECK, json.path("closure").path("operationCheck").asString());
        assertEquals(HELPER, json.path("closure").path("helper").asString());
        assertEquals(List.of("tanaka", "yamada"), json.path("approvals").valueStream()
                .map(a -> a.path("approver").asString()).toList());
        JsonNode recorded = json.path("sessions").get(0);
        assertEquals(session, recorded.path("session").asString());
        assertEquals(0, recorded.path("exit").asInt(-1));
        assertTrue(recorded.path("recordingSealed").asBoolean() && recorded.path("recordingIntact").asBoolean(),
                recorded::toString);

        byte[] changed = Files.readAllBytes(report);
        int at = new String(changed, StandardCharsets.ISO_8859_1).indexOf("REMOTE_ONLY");
        changed[at] = 'X';
        Path tampered = Files.write(dir.resolve("tampered.json"), changed);
        RunResult broken = hoshu.hoshu("suzuki", "reports", "verify", tampered.toString(), signature.toString(),
                "--key", key.toString());
        assertEquals(1, broken.exitCode(), broken::toString);
        assertEquals("FAILED: signature does not verify: the file is not the one the broker signed\n", broken.stderr());
    }

    @Test
    void thePdfIsSignedAndPopplerRendersAndReadsBackTheJapanese() throws IOException {
        Path pdf = dir.resolve("report.pdf");
        RunResult download = hoshu.hoshu("tanaka", "reports", "download", workOrder, "--format", "pdf", "-o",
                pdf.toString());
        assertEquals(0, download.exitCode(), download::toString);
        RunResult verified = hoshu.hoshu("tanaka", "reports", "verify", pdf.toString(), pdf + ".sig", "--key",
                key.toString());
        assertEquals(0, verified.exitCode(), verified::toString);

        RunResult render = Commands.run(List.of("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf.toString(),
                dir.resolve("page").toString()), Map.of(), null, dir);
        assertEquals(0, render.exitCode(), "pdftoppm (Debian poppler-utils) must be installed: " + render);
        BufferedImage page = ImageIO.read(onlyPng().toFile());
        assertTrue(darkPixels(page) > 2000, "the rendered page shows text");

        RunResult text = Commands.run(List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), "-"), Map.of(), null, dir);
        assertEquals(0, text.exitCode(), "pdftotext (Debian poppler-utils) must be installed: " + text);
        for (String written : List.of("修理報告書 / Repair report", "保守 総合病院", "メドサーブ株式会社", RESULT, CHECK,
                HELPER, "リモートのみ / remote only", "ガントリ回転エラー E-31", session)) {
            assertTrue(text.stdout().contains(written), "pdftotext shows " + written + ":\n" + text.stdout());
        }
        RunResult fonts = Commands.run(List.of("pdffonts", pdf.toString()), Map.of(), null, dir);
        assertTrue(fonts.stdout().contains("IPAexGothic") && fonts.stdout().contains(" yes "),
                "the Japanese font is embedded: " + fonts);
    }

    @Test
    void theDevicesTimelineMatchesTheRecordingAndTheAuditLogForTheSameRange() throws IOException {
        RunResult asked = hoshu.hoshu("suzuki", "evidence", "timeline", "--device", "CT-01", "--since", from.toString(),
                "--until", to.toString(), "--json");
        assertEquals(0, asked.exitCode(), asked::toString);
        JsonNode timeline = JSON.readTree(asked.stdout());
        List<JsonNode> entries = timeline.path("entries").valueStream().toList();

        Set<String> recordedSessions = new TreeSet<>();
        Integer recordedExit = null;
        for (JsonNode entry : entries) {
            if (entry.path("source").asString().equals("recording")) {
                recordedSessions.add(entry.path("session").asString());
                if (entry.path("kind").asString().equals("session.exit")) {
                    recordedExit = Integer.valueOf(entry.path("details").path("status").asString());
                }
            }
        }
        assertEquals(Set.of(session), recordedSessions, "the recordings on disk of CT-01 in the range");
        assertEquals(exitStatusOnDisk(hoshu.recording(session)), recordedExit);

        List<String> fromLog = auditOnDisk(Set.of(workOrder, session));
        List<String> inTimeline = entries.stream().filter(e -> e.path("source").asString().equals("audit"))
                .filter(e -> Set.of(workOrder, session).contains(e.path("target").asString()))
                .map(e -> Instant.parse(e.path("at").asString()) + " " + e.path("kind").asString() + " "
                        + e.path("actor").asString())
                .sorted().toList();
        assertEquals(fromLog.stream().sorted().toList(), inTimeline);
        assertTrue(inTimeline.stream().filter(line -> line.contains(" request.approve ")).count() == 2, inTimeline::toString);
        assertTrue(inTimeline.stream().anyMatch(line -> line.contains(" session.start sato")), inTimeline::toString);

        // Another hospital's admin asking for the same device id gets their own hospital's (empty) timeline.
        RunResult foreign = hoshu.hoshu("kato", "evidence", "timeline", "--device", "CT-01", "--since", from.toString(),
                "--json");
        assertEquals(0, foreign.exitCode(), foreign::toString);
        JsonNode theirs = JSON.readTree(foreign.stdout());
        assertEquals("hosp-b", theirs.path("hospital").asString());
        assertEquals(0, theirs.path("entries").size(), foreign::toString);
        RunResult engineer = hoshu.hoshu("sato", "evidence", "timeline", "--device", "CT-01", "--since", "1h");
        assertEquals(1, engineer.exitCode(), engineer::toString);
        assertEquals("denied: an incident timeline needs the auditor or hospital-admin role\n", engineer.stderr());
    }

    private Path onlyPng() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> pages = files.filter(p -> p.getFileName().toString().startsWith("page")
                    && p.getFileName().toString().endsWith(".png")).toList();
            assertEquals(1, pages.size(), pages::toString);
            return pages.get(0);
        }
    }

    private static int darkPixels(BufferedImage image) {
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 300) {
                    dark++;
                }
            }
        }
        return dark;
    }

    private static Integer exitStatusOnDisk(Path recording) throws IOException {
        Integer status = null;
        for (String line : Files.readAllLines(recording)) {
            JsonNode event = JSON.readTree(line);
            if (event.path("k").asString().equals("exit")) {
                status = event.path("status").asInt();
            }
        }
        return status;
    }

    /** The audit log files as the broker wrote them: this hospital's events about the order and its session. */
    private List<String> auditOnDisk(Set<String> targets) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(hoshu.brokerData().resolve("audit")).sorted()) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode event = JSON.readTree(line);
                    Instant at = event.has("at") ? Instant.parse(event.path("at").asString()) : null;
                    if (at == null || at.isBefore(from) || !at.isBefore(to)
                            || !"hosp-a".equals(event.path("hospital").asString(null))
                            || !targets.contains(event.path("target").asString(null))) {
                        continue;
                    }
                    String action = event.path("action").asString();
                    if (action.startsWith("request.") || action.startsWith("grant.") || action.startsWith("session.")
                            || action.startsWith("workorder.close")) {
                        found.add(at + " " + action + " " + event.path("actor").asString());
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return found;
    }
}
