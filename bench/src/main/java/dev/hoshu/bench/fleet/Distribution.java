package dev.hoshu.bench.fleet;

import java.util.List;

import dev.hoshu.bench.measure.Samples;

/** One probe through one node: how many samples and their median, p90 and p99 in milliseconds. */
public record Distribution(String probe, String through, int count, double p50, double p90, double p99) {

    static Distribution of(String probe, String through, List<Double> millis) {
        Samples samples = Samples.of(millis);
        return new Distribution(probe, through, samples.count(), samples.median(), samples.percentile(90),
                samples.percentile(99));
    }
}
