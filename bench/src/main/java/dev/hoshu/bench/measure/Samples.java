package dev.hoshu.bench.measure;

import java.util.Arrays;
import java.util.List;

/** A set of measurements and the order statistics the report quotes (nearest-rank percentiles). */
public final class Samples {

    private final double[] sorted;

    private Samples(double[] sorted) {
        this.sorted = sorted;
    }

    public static Samples of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Samples(sorted);
    }

    public int count() {
        return sorted.length;
    }

    public double percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], not " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public double median() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }
}
