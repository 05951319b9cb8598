package dev.hoshu.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hoshu.bench.measure.SetupFigures;

class MarkdownTableTest {

    @Test
    void ratiosAreHoshuOverEachBaseline() {
        Ratios ratios = ReportFixtures.report(BenchReport.COMPLETE, null).ratios();
        assertEquals(1.10, ratios.setupToDirect());
        assertEquals(0.55, ratios.setupToProxyJump());
        assertEquals(0.75, ratios.throughputToDirect());
        assertEquals(1.50, ratios.throughputToProxyJump());
    }

    @Test
    void aMissingPathHasNoRatioRatherThanAMadeUpOne() {
        Ratios ratios = Ratios.of(List.of(new SetupFigures("direct", 1, 10, 10, 10, 10)), List.of());
        assertNull(ratios.setupToDirect());
        assertNull(ratios.throughputToDirect());
    }

    @Test
    void theTableShowsEveryPathTheRatiosAndTheGoals() {
        String table = MarkdownTable.render(ReportFixtures.report(BenchReport.COMPLETE, null));
        assertTrue(table.startsWith("### 2026-11-21T17:00:00Z · `bin/bench quick` · complete\n"), table);
        assertTrue(table.contains("| set-up p50, ms (15 interleaved runs) | 100 | 200 | 110 | 1.10× | 0.55× | ≤ 1.2× direct, ≤ 0.75× ProxyJump |"), table);
        assertTrue(table.contains("| throughput, MiB/s (64 MiB, recording on) | 400 | 200 | 300 | 0.75× | 1.50× | ≥ 0.7× direct |"), table);
        assertTrue(table.contains("| 10 | 150 / 180 | 0 | 2.0 (133 %) | 1.0 | 80 / 300 | 90 / 95 (0) |  |"), table);
        assertTrue(table.contains("| 50 of 50 | 40000 → 45000 | 100 | 0 | ≤ 256 KiB |"), table);
        assertTrue(table.contains("`org.bouncycastle.tls` 40.0 %"), table);
        assertTrue(table.contains("innermost Hoshu frames: `dev.hoshu.recording.RecordingChain.output` 50.0 %"), table);
        assertTrue(table.contains("share of samples inside each layer: `SSH cipher and MAC (MINA)` 45.0 %"), table);
        assertTrue(table.contains("Profiled Hoshu stream (64 MiB, JFR on): 20 MiB/s; broker on CPU 35 % of one core, agent 15 %."),
                table);
        assertTrue(table.contains("2 CPU × Test CPU, 4.0 GiB RAM"), table);
        assertTrue(table.contains("; load average (1 min) 1.5 at start, 3.3 at end. Paths: direct, proxyjump, hoshu."), table);
        assertTrue(table.contains("direct `sntrup761x25519-sha512@openssh.com`, `ssh-ed25519`, `chacha20-poly1305@openssh.com`"),
                table);
    }

    @Test
    void aFailedRunSaysSoInItsHeading() {
        String table = MarkdownTable.render(ReportFixtures.report(BenchReport.FAILED, "hoshu: the broker has stopped"));
        assertTrue(table.startsWith("### 2026-11-21T17:00:00Z · `bin/bench quick` · failed: hoshu: the broker has stopped\n"),
                table);
    }
}
