package dev.hoshu.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import dev.hoshu.bench.jvm.FrameShare;
import dev.hoshu.bench.jvm.HotFrames;
import dev.hoshu.bench.measure.ConcurrencyFigures;
import dev.hoshu.bench.measure.SessionMemoryFigures;
import dev.hoshu.bench.measure.SetupFigures;
import dev.hoshu.bench.measure.StreamCost;
import dev.hoshu.bench.measure.ThroughputFigures;

/** The short Markdown summary of a run: printed at the end and appended to docs/benchmarks.md. */
public final class MarkdownTable {

    private static final String NONE = "—";
    private static final int PROFILE_LINES = 5;

    private MarkdownTable() {
    }

    public static String render(BenchReport report) {
        List<String> out = new ArrayList<>();
        out.add("### " + report.startedAt() + " · `" + report.command() + "` · " + report.status()
                + (report.failure() == null ? "" : ": " + report.failure()));
        out.add("");
        out.add("Machine: " + report.machine().describe() + String.format(Locale.ROOT,
                "; load average (1 min) %.1f at start, %.1f at end", report.load().atStart(), report.load().atEnd())
                + ". Paths: " + String.join(", ", report.paths()) + ". Took " + Math.round(report.elapsedSeconds()) + " s.");
        out.add("");
        out.add("| measure | direct | ProxyJump | Hoshu | Hoshu/direct | Hoshu/ProxyJump | goal |");
        out.add("|---|---:|---:|---:|---:|---:|---|");
        Ratios ratios = report.ratios();
        int runs = report.setup().stream().mapToInt(SetupFigures::runs).max().orElse(0);
        out.add(row("set-up p50, ms (" + runs + " interleaved runs)", report.setup(), SetupFigures::path,
                SetupFigures::p50Ms, "%.0f", ratios.setupToDirect(), ratios.setupToProxyJump(),
                "≤ 1.2× direct, ≤ 0.75× ProxyJump"));
        out.add(row("set-up p95, ms", report.setup(), SetupFigures::path, SetupFigures::p95Ms, "%.0f",
                Ratios.ratio(report.setup(), SetupFigures::path, SetupFigures::p95Ms, "direct"),
                Ratios.ratio(report.setup(), SetupFigures::path, SetupFigures::p95Ms, "proxyjump"), ""));
        int mib = report.throughput().stream().mapToInt(ThroughputFigures::mib).max().orElse(0);
        out.add(row("throughput, MiB/s (" + mib + " MiB, recording on)", report.throughput(), ThroughputFigures::path,
                ThroughputFigures::medianMibPerSecond, "%.0f", ratios.throughputToDirect(),
                ratios.throughputToProxyJump(), "≥ 0.7× direct"));
        if (!report.negotiated().isEmpty()) {
            out.add("");
            out.add("Negotiated (key exchange, host key, cipher): " + report.negotiated().stream()
                    .map(n -> n.path() + " `" + n.kex() + "`, `" + n.hostKey() + "`, `" + n.cipher() + "`")
                    .reduce((a, b) -> a + "; " + b).orElse(NONE) + ".");
        }
        if (!report.concurrency().isEmpty()) {
            out.add("");
            out.add("| Hoshu sessions at once | set-up p50 / p95, ms | errors | broker CPU, s (% of a core) | agent CPU, s | broker heap used / RSS, MiB | direct, same burst: p50 / p95, ms (errors) | goal |");
            out.add("|---:|---:|---:|---:|---:|---:|---:|---|");
            for (ConcurrencyFigures c : report.concurrency()) {
                String direct = c.directP50Ms() == null ? NONE : String.format(Locale.ROOT, "%.0f / %.0f (%d)",
                        c.directP50Ms(), c.directP95Ms(), c.directErrors());
                out.add(String.format(Locale.ROOT, "| %d | %.0f / %.0f | %d | %.1f (%.0f %%) | %.1f | %.0f / %.0f | %s | %s |",
                        c.sessions(), c.p50Ms(), c.p95Ms(), c.errors(), c.brokerCpuSeconds(), c.brokerCpuPercent(),
                        c.agentCpuSeconds(), c.brokerHeapUsedKiB() / 1024.0, c.brokerRssKiB() / 1024.0, direct,
                        c.sessions() == 200 ? "0 errors" : ""));
            }
        }
        SessionMemoryFigures m = report.memory();
        if (m != null) {
            out.add("");
            out.add("| live Hoshu sessions | broker heap after GC, before → with, KiB | per live session, KiB | errors | goal |");
            out.add("|---:|---:|---:|---:|---|");
            out.add(String.format(Locale.ROOT, "| %d of %d | %d → %d | %.0f | %d | ≤ 256 KiB |", m.opened(), m.sessions(),
                    m.heapBeforeKiB(), m.heapWithKiB(), m.heapKiBPerSession(), m.errors()));
        }
        StreamCost cost = report.profiledStream();
        if (cost != null) {
            out.add("");
            out.add(String.format(Locale.ROOT, "Profiled Hoshu stream (%d MiB, JFR on): %.0f MiB/s; broker on CPU %.0f %% "
                    + "of one core, agent %.0f %%.", cost.mib(), cost.mibPerSecond(), cost.brokerCpuPercent(),
                    cost.agentCpuPercent()));
        }
        for (HotFrames frames : report.profile()) {
            out.add("");
            out.add("Hoshu " + frames.process() + " during a " + mib + " MiB stream (JFR, " + frames.samples()
                    + " execution samples), top packages: " + shares(frames.packages()) + "; innermost Hoshu frames: "
                    + shares(frames.hoshuCallers()) + "; share of samples inside each layer: " + shares(frames.layers()));
        }
        return String.join("\n", out) + "\n";
    }

    private static String shares(List<FrameShare> shares) {
        return shares.stream().limit(PROFILE_LINES)
                .map(share -> String.format(Locale.ROOT, "`%s` %.1f %%", share.name(), share.percent()))
                .reduce((a, b) -> a + ", " + b).orElse(NONE);
    }

    private static <T> String row(String label, List<T> figures, Function<T, String> path, Function<T, Double> value,
                                  String format, Double toDirect, Double toProxyJump, String goal) {
        return "| " + label + " | " + cell(figures, path, value, format, "direct") + " | "
                + cell(figures, path, value, format, "proxyjump") + " | " + cell(figures, path, value, format, "hoshu")
                + " | " + ratioCell(toDirect) + " | " + ratioCell(toProxyJump) + " | " + goal + " |";
    }

    private static <T> String cell(List<T> figures, Function<T, String> path, Function<T, Double> value, String format,
                                   String name) {
        Optional<Double> found = figures.stream().filter(f -> path.apply(f).equals(name)).map(value).findFirst();
        return found.map(v -> String.format(Locale.ROOT, format, v)).orElse(NONE);
    }

    private static String ratioCell(Double ratio) {
        return ratio == null ? NONE : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
