package dev.hoshu.bench.measure;

/** Bulk transfer on one path: MiB/s from the first byte to the end of the stream, median of the runs. */
public record ThroughputFigures(String path, int mib, int runs, double medianMibPerSecond, double minMibPerSecond,
                                double maxMibPerSecond) {
}
