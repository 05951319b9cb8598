package dev.hoshu.bench.report;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.hoshu.bench.measure.SetupFigures;
import dev.hoshu.bench.measure.ThroughputFigures;

/**
 * Hoshu against each baseline: set-up as a ratio of medians (lower is better), throughput as a
 * ratio of median MiB/s (higher is better). Null where a path was not measured.
 */
public record Ratios(Double setupToDirect, Double setupToProxyJump, Double throughputToDirect,
                     Double throughputToProxyJump) {

    public static Ratios of(List<SetupFigures> setup, List<ThroughputFigures> throughput) {
        return new Ratios(
                ratio(setup, SetupFigures::path, SetupFigures::p50Ms, "direct"),
                ratio(setup, SetupFigures::path, SetupFigures::p50Ms, "proxyjump"),
                ratio(throughput, ThroughputFigures::path, ThroughputFigures::medianMibPerSecond, "direct"),
                ratio(throughput, ThroughputFigures::path, ThroughputFigures::medianMibPerSecond, "proxyjump"));
    }

    /** Hoshu's value over the baseline's, rounded to two places; null if either is missing. */
    static <T> Double ratio(List<T> figures, Function<T, String> path, Function<T, Double> value, String baseline) {
        Optional<Double> hoshu = find(figures, path, value, "hoshu");
        Optional<Double> base = find(figures, path, value, baseline);
        if (hoshu.isEmpty() || base.isEmpty() || base.get() == 0) {
            return null;
        }
        return Math.round(100 * hoshu.get() / base.get()) / 100.0;
    }

    private static <T> Optional<Double> find(List<T> figures, Function<T, String> path, Function<T, Double> value,
                                             String name) {
        return figures.stream().filter(f -> path.apply(f).equals(name)).map(value).findFirst();
    }
}
