package dev.hoshu.bench.report;

import java.util.List;

import dev.hoshu.bench.BenchPlan;
import dev.hoshu.bench.jvm.HotFrames;
import dev.hoshu.bench.measure.ConcurrencyFigures;
import dev.hoshu.bench.measure.Negotiated;
import dev.hoshu.bench.measure.SessionMemoryFigures;
import dev.hoshu.bench.measure.SetupFigures;
import dev.hoshu.bench.measure.StreamCost;
import dev.hoshu.bench.measure.ThroughputFigures;

/**
 * Everything one run measured, as written to bench/results/&lt;timestamp&gt;.json.
 *
 * @param status  "complete" (all three paths, every phase, no errors), "partial" (fewer paths
 *                were asked for) or "failed" (see {@code failure}; the figures are what was
 *                measured before it and must not be quoted as a result)
 * @param startedAt ISO-8601 UTC
 * @param profiledStream the extra Hoshu stream run under JFR, with the broker's and agent's CPU
 */
public record BenchReport(String status, String failure, String command, String startedAt, double elapsedSeconds,
                          Machine machine, LoadAverage load, BenchPlan plan, List<String> paths, List<Negotiated> negotiated,
                          List<SetupFigures> setup,
                          List<ThroughputFigures> throughput, List<ConcurrencyFigures> concurrency,
                          SessionMemoryFigures memory, StreamCost profiledStream, List<HotFrames> profile,
                          Ratios ratios) {

    public static final String COMPLETE = "complete";
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
}
