package dev.hoshu.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.tools.BenchTool;

/**
 * Session set-up, measured in interleaved rounds (direct, ProxyJump, Hoshu, direct, …) so that
 * whatever else the machine does at a given moment hits every path alike.
 */
public record SetupBenchmark(List<SshPath> paths, int warmupRuns, int rounds) {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    public List<SetupFigures> run(Progress progress) {
        progress.step("set-up: " + warmupRuns + " warm-up run(s) per path, then " + rounds + " interleaved rounds");
        for (int i = 1; i <= warmupRuns; i++) {
            for (SshPath path : paths) {
                once(path, "warm-up " + i + " of " + warmupRuns);
            }
        }
        Map<SshPath, List<Double>> millis = new LinkedHashMap<>();
        paths.forEach(path -> millis.put(path, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            List<String> line = new ArrayList<>();
            for (SshPath path : paths) {
                double ms = once(path, "set-up run " + round + " of " + rounds).totalMillis();
                millis.get(path).add(ms);
                line.add(String.format("%s %.0f ms", path.label(), ms));
            }
            progress.detail("round " + round + " of " + rounds + ": " + String.join(", ", line));
        }
        return millis.entrySet().stream()
                .map(entry -> SetupFigures.of(entry.getKey().label(), Samples.of(entry.getValue())))
                .collect(Collectors.toList());
    }

    private static RunResult once(SshPath path, String which) {
        RunResult result = SshRun.run(path.argv(BenchTool.NOOP), LIMIT);
        return RunCheck.requireOutput(path.label() + " " + which, result, BenchTool.NOOP_OUTPUT);
    }
}
