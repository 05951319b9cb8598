package dev.hoshu.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.tools.BenchTool;

/**
 * Throughput of a tool writing {@code mib} MiB to stdout, in interleaved rounds like set-up. Every
 * byte is counted, so a path that drops or truncates data fails instead of looking fast.
 */
public record ThroughputBenchmark(List<SshPath> paths, int mib, int rounds) {

    private static final long MIB = 1024L * 1024L;
    // Fails a run that is slower than 2 MiB/s: something is broken, not slow.
    private static final int SLOWEST_MIB_PER_SECOND = 2;

    public List<ThroughputFigures> run(Progress progress) {
        progress.step("throughput: " + mib + " MiB per run, " + rounds + " interleaved rounds");
        Map<SshPath, List<Double>> rates = new LinkedHashMap<>();
        paths.forEach(path -> rates.put(path, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (SshPath path : paths) {
                RunResult result = once(path, "throughput run " + round + " of " + rounds);
                double rate = mib / result.transferSeconds();
                rates.get(path).add(rate);
                progress.detail(String.format("%s run %d of %d: %.0f MiB/s", path.label(), round, rounds, rate));
            }
        }
        List<ThroughputFigures> figures = new ArrayList<>();
        rates.forEach((path, values) -> {
            Samples samples = Samples.of(values);
            figures.add(new ThroughputFigures(path.label(), mib, samples.count(), samples.median(), samples.min(),
                    samples.max()));
        });
        return figures;
    }

    /** One extra run outside the figures, e.g. while a profiler watches. */
    public RunResult once(SshPath path, String which) {
        Duration limit = Duration.ofSeconds(30 + mib / SLOWEST_MIB_PER_SECOND);
        RunResult result = SshRun.run(path.argv(BenchTool.STREAM, Integer.toString(mib)), limit);
        return RunCheck.requireBytes(path.label() + " " + which, result, mib * MIB);
    }
}
