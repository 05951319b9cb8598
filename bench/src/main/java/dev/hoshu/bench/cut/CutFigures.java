package dev.hoshu.bench.cut;

import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.hoshu.bench.measure.Samples;

/**
 * The figures of one condition (the agent's link direct, or with latency added): p50 and p99 (nearest rank) of each
 * measure, and the samples they come from.
 */
record CutFigures(String condition, long addedLatencyMs, int cuts, Stat api, Stat sshClosed, Stat treeGone,
                  List<CutSample> samples) {

    /** One measure's order statistics, in milliseconds. */
    record Stat(double p50, double p99, double max) {

        static Stat of(List<CutSample> samples, ToDoubleFunction<CutSample> measure) {
            Samples sorted = Samples.of(samples.stream().map(s -> measure.applyAsDouble(s)).toList());
            return new Stat(round(sorted.median()), round(sorted.percentile(99)), round(sorted.max()));
        }

        private static double round(double ms) {
            return Math.round(ms * 10) / 10.0;
        }
    }

    static CutFigures of(String condition, long addedLatencyMs, List<CutSample> samples) {
        return new CutFigures(condition, addedLatencyMs, samples.size(), Stat.of(samples, CutSample::apiMs),
                Stat.of(samples, CutSample::sshClosedMs), Stat.of(samples, CutSample::treeGoneMs), List.copyOf(samples));
    }

    /** The Markdown rows docs/benchmarks.md quotes. */
    static String table(List<CutFigures> all, double targetMs) {
        StringBuilder out = new StringBuilder(
                "| agent link | cuts | API answered p50 / p99 | engineer's ssh closed p50 / p99 | device tree gone p50 / p99 "
                        + "| p99 ≤ " + (long) targetMs + " ms? |\n|---|---:|---:|---:|---:|---|\n");
        for (CutFigures f : all) {
            boolean met = f.sshClosed().p99() <= targetMs && f.treeGone().p99() <= targetMs;
            out.append(String.format("| %s | %d | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | %s |%n",
                    f.condition(), f.cuts(), f.api().p50(), f.api().p99(), f.sshClosed().p50(), f.sshClosed().p99(),
                    f.treeGone().p50(), f.treeGone().p99(), met ? "yes" : "**no**"));
        }
        return out.toString();
    }
}
