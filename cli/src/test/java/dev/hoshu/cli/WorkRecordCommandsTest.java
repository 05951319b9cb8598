package dev.hoshu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.report.ReportSignature;
import dev.hoshu.tools.Ed25519Keys;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoshu workorders close}, {@code hoshu reports download|verify} and {@code hoshu evidence timeline}. */
class WorkRecordCommandsTest extends LoggedInCliTest {

    @TempDir
    Path files;

    @Test
    void closingSendsEveryFieldAndNamesTheReportCommand() {
        broker.answer("POST /api/v1/workorders/r-1/close", 200, """
                {"id":"r-1","state":"closed","closure":{"repairForm":"OTHER"}}""");

        Cli.Result result = cli.run("workorders", "close", "r-1", "--result", "復旧", "--repair-form", "OTHER",
                "--repair-form-text", "工場修理", "--operation-check", "撮影確認", "--helper", "none");

        assertEquals(0, result.status(), result.err());
        assertEquals("closed work order r-1 (OTHER); report: hoshu reports download r-1 -o FILE\n", result.out());
        assertEquals("{\"result\":\"復旧\",\"repairForm\":\"OTHER\",\"operationCheck\":\"撮影確認\",\"helper\":\"none\","
                + "\"repairFormText\":\"工場修理\"}", broker.only().body());
    }

    @Test
    void hostileWorkOrderIdsAreRefusedBeforeAnyCall() {
        Cli.Result traversal = cli.run("workorders", "show", "../../etc/passwd");
        Cli.Result shell = cli.run("reports", "download", "r-1;rm -rf /", "-o", files.resolve("x").toString());

        for (Cli.Result result : List.of(traversal, shell)) {
            assertEquals(1, result.status(), result.toString());
            assertEquals(1, result.err().lines().count(), result.err());
            assertTrue(result.err().startsWith("refused:"), result.err());
        }
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void aDownloadedReportVerifiesOfflineAndOneChangedByteFails() throws Exception {
        KeyPair key = Ed25519Keys.generate();
        byte[] report = "{\"reportId\":\"r-1\",\"closure\":{\"result\":\"復旧\"}}".getBytes(StandardCharsets.UTF_8);
        broker.answer("GET /api/v1/workorders/r-1/report", 200, new String(report, StandardCharsets.UTF_8));
        Path out = files.resolve("report.json");

        Cli.Result download = cli.run("reports", "download", "r-1", "-o", out.toString());

        assertEquals(0, download.status(), download.err());
        assertArrayEquals(report, Files.readAllBytes(out));
        Path signature = files.resolve("report.sig");
        Files.write(signature, ReportSignature.sign(report, key).fileBytes());
        Path pem = Files.writeString(files.resolve("key.pem"), Pem.publicKeyPem(key.getPublic()));

        Cli.Result ok = cli.run("reports", "verify", out.toString(), signature.toString(), "--key", pem.toString());
        assertEquals(0, ok.status(), ok.err());
        assertEquals("ok: signed by " + KeyIds.of(key.getPublic()) + "\n", ok.out());

        byte[] changed = report.clone();
        changed[5] ^= 0x01;
        Path tampered = Files.write(files.resolve("tampered.json"), changed);
        Cli.Result broken = cli.run("reports", "verify", tampered.toString(), signature.toString(), "--key", pem.toString());
        assertEquals(1, broken.status());
        assertEquals("FAILED: signature does not verify: the file is not the one the broker signed\n", broken.err());

        Cli.Result missing = cli.run("reports", "verify", files.resolve("nope").toString(), signature.toString(),
                "--key", pem.toString());
        assertEquals(1, missing.status());
        assertEquals("refused: " + files.resolve("nope") + " does not exist\n", missing.err());
    }

    @Test
    void aDownloadNeverOverwritesAFile() throws Exception {
        Path existing = Files.writeString(files.resolve("kept.pdf"), "mine");

        Cli.Result result = cli.run("reports", "download", "r-1", "--format", "pdf", "-o", existing.toString());

        assertEquals(1, result.status());
        assertEquals("refused: " + existing + " exists; name a new file\n", result.err());
        assertEquals("mine", Files.readString(existing));
        assertTrue(broker.sent().isEmpty());
    }

    @Test
    void theTimelineAsksForOneSubjectAndTheRangeAndShowsEachEntry() {
        broker.answer("GET /api/v1/evidence/timeline", 200, """
                {"hospital":"hosp-a","subject":"device CT-01","entries":[
                 {"at":"2026-04-01T07:00:00Z","source":"audit","kind":"request.approve","actor":"tanaka","target":"r-1",
                  "outcome":"allowed","details":{}},
                 {"at":"2026-04-01T07:01:00Z","source":"recording","kind":"session.exit","actor":"sato","target":"s-1",
                  "details":{"status":"0"}}]}""");

        Cli.Result result = cli.run("evidence", "timeline", "--device", "CT-01", "--since", "1h");

        assertEquals(0, result.status(), result.err());
        assertEquals("device=CT-01&from=2026-04-01T06%3A42%3A00Z&to=2026-04-01T07%3A42%3A00Z", broker.only().query());
        assertTrue(result.out().contains("16:00 JST  audit      request.approve  tanaka  r-1     allowed"), result.out());
        assertTrue(result.out().contains("status=0"), result.out());

        Cli.Result both = cli.run("evidence", "timeline", "--device", "CT-01", "--engineer", "sato", "--since", "1h");
        assertEquals(2, both.status(), both.toString());
    }
}
