package dev.hoshu.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's 1-minute load average at the start and the end of a run. Everything shares two
 * cores, so a busy machine inflates every path's figures; the ratios hold up better than the
 * absolute numbers, and this says how much to trust the latter.
 */
public record LoadAverage(double atStart, double atEnd) {

    /** The current 1-minute load average, or NaN where /proc/loadavg cannot be read. */
    public static double now() {
        try {
            return parse(Files.readString(Path.of("/proc/loadavg")));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    static double parse(String procLoadavg) {
        try {
            return Double.parseDouble(procLoadavg.strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
