package dev.hoshu.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksDocTest {

    @TempDir
    Path dir;

    @Test
    void completeRunsAreAppendedUnderOneRunLogHeading() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\nHand-written text stays.\n");
        BenchReport report = ReportFixtures.report(BenchReport.COMPLETE, null);
        Path result = ResultFile.write(dir.resolve("results"), Instant.parse("2026-11-21T17:00:00Z"), report);

        BenchmarksDoc.append(doc, report, result);
        BenchmarksDoc.append(doc, report, result);

        String text = Files.readString(doc);
        assertTrue(text.startsWith("# Benchmarks\n\nHand-written text stays.\n"));
        assertEquals(1, text.split("## Run log", -1).length - 1);
        assertEquals(2, text.split("Result file: `20261121T170000Z.json`", -1).length - 1);
    }

    @Test
    void failedAndPartialRunsNeverReachTheDoc() throws Exception {
        Path doc = dir.resolve("benchmarks.md");
        for (String status : new String[] {BenchReport.FAILED, BenchReport.PARTIAL}) {
            BenchReport report = ReportFixtures.report(status, "x");
            assertThrows(IllegalStateException.class, () -> BenchmarksDoc.append(doc, report, dir.resolve("r.json")));
        }
        assertFalse(Files.exists(doc));
    }

    @Test
    void theResultFileReadsBackAsTheSameReport() throws Exception {
        BenchReport report = ReportFixtures.report(BenchReport.COMPLETE, null);
        Path file = ResultFile.write(dir, Instant.parse("2026-11-21T17:00:00Z"), report);
        assertEquals("20261121T170000Z.json", file.getFileName().toString());
        BenchReport back = ResultFile.read(file);
        assertEquals(report.setup(), back.setup());
        assertEquals(report.ratios(), back.ratios());
        assertEquals(report.memory(), back.memory());
        assertTrue(Files.readString(file).contains("\"status\" : \"complete\""));
    }
}
