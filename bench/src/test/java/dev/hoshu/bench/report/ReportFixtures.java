package dev.hoshu.bench.report;

import java.util.List;

import dev.hoshu.bench.BenchPlan;
import dev.hoshu.bench.jvm.FrameShare;
import dev.hoshu.bench.jvm.HotFrames;
import dev.hoshu.bench.measure.ConcurrencyFigures;
import dev.hoshu.bench.measure.Negotiated;
import dev.hoshu.bench.measure.SessionMemoryFigures;
import dev.hoshu.bench.measure.SetupFigures;
import dev.hoshu.bench.measure.StreamCost;
import dev.hoshu.bench.measure.ThroughputFigures;

/** A report with known figures, for checking what the table and the doc say about them. */
final class ReportFixtures {

    static final Machine MACHINE = new Machine(2, "Test CPU", 4096, "OpenJDK 17", "OpenSSH_9.2p1", "Linux 6");

    private ReportFixtures() {
    }

    static BenchReport report(String status, String failure) {
        List<SetupFigures> setup = List.of(
                new SetupFigures("direct", 15, 100, 120, 90, 130),
                new SetupFigures("proxyjump", 15, 200, 260, 180, 270),
                new SetupFigures("hoshu", 15, 110, 150, 100, 160));
        List<ThroughputFigures> throughput = List.of(
                new ThroughputFigures("direct", 64, 3, 400, 380, 420),
                new ThroughputFigures("proxyjump", 64, 3, 200, 190, 210),
                new ThroughputFigures("hoshu", 64, 3, 300, 280, 310));
        return new BenchReport(status, failure, "bin/bench quick", "2026-11-21T17:00:00Z", 150, MACHINE, new LoadAverage(1.5, 3.25), BenchPlan.QUICK,
                List.of("direct", "proxyjump", "hoshu"),
                List.of(new Negotiated("direct", "sntrup761x25519-sha512@openssh.com", "ssh-ed25519",
                        "chacha20-poly1305@openssh.com")),
                setup, throughput,
                List.of(new ConcurrencyFigures(10, 0, "", 150, 180, 1.5, 2.0, 133, 1.0, 80 * 1024, 300 * 1024, 90.0,
                        95.0, 0, "")),
                new SessionMemoryFigures(50, 50, 0, "", 40_000, 45_000, 100, 300_000, 310_000),
                new StreamCost(64, 20, 35, 15),
                List.of(new HotFrames("broker", 1000, List.of(), List.of(new FrameShare("org.bouncycastle.tls", 400, 40.0)),
                        List.of(new FrameShare("dev.hoshu.recording.RecordingChain.output", 500, 50.0)),
                        List.of(new FrameShare("SSH cipher and MAC (MINA)", 450, 45.0)))),
                Ratios.of(setup, throughput));
    }
}
