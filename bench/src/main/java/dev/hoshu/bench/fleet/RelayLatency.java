package dev.hoshu.bench.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.measure.RunResult;
import dev.hoshu.bench.measure.SshRun;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.recording.EchoLatency;
import dev.hoshu.bench.tools.BenchTool;

/**
 * The relay's cost: the same short tool run ({@code bench-noop}, from ssh starting to its exit) and the same keystroke
 * echo through the node holding the device's tunnel (local, the baseline) and through another node (relayed over the
 * peer link). Rounds interleave the two, and alternate which goes first, so both share the busy machine's drift.
 */
final class RelayLatency {

    static final String TOOL_RUN = "tool run (bench-noop)";
    static final String ECHO = "keystroke echo";
    private static final int WARMUP_ROUNDS = 2;
    private static final int ECHO_WARMUP = 3;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    private RelayLatency() {
    }

    /** @return tool run local, tool run relayed, echo local, echo relayed */
    static List<Distribution> measure(SshPath local, SshPath relayed, FleetPlan plan, Progress progress) {
        List<Double> runLocal = new ArrayList<>();
        List<Double> runRelayed = new ArrayList<>();
        List<Double> echoLocal = new ArrayList<>();
        List<Double> echoRelayed = new ArrayList<>();
        int rounds = WARMUP_ROUNDS + plan.latencyRuns();
        for (int round = 0; round < rounds; round++) {
            boolean counted = round >= WARMUP_ROUNDS;
            List<SshPath> order = round % 2 == 0 ? List.of(local, relayed) : List.of(relayed, local);
            for (SshPath path : order) {
                double millis = toolRun(path);
                List<Double> keys = EchoLatency.measure(path, ECHO_WARMUP, plan.keystrokesPerRun());
                if (counted) {
                    (path == local ? runLocal : runRelayed).add(millis);
                    (path == local ? echoLocal : echoRelayed).addAll(keys);
                }
            }
            if ((round + 1) % 10 == 0 || round + 1 == rounds) {
                progress.detail("latency: " + (round + 1) + " of " + rounds + " rounds (" + WARMUP_ROUNDS
                        + " warm-up)");
            }
        }
        return List.of(Distribution.of(TOOL_RUN, "local", runLocal), Distribution.of(TOOL_RUN, "relayed", runRelayed),
                Distribution.of(ECHO, "local", echoLocal), Distribution.of(ECHO, "relayed", echoRelayed));
    }

    private static double toolRun(SshPath path) {
        RunResult run = SshRun.run(path.argv(BenchTool.NOOP), RUN_LIMIT);
        if (run.exitStatus() != 0 || !BenchTool.NOOP_OUTPUT.equals(run.stdoutHead())) {
            throw new PathFailure("fleet: bench-noop through " + path.hostAlias() + " exited " + run.exitStatus()
                    + " printing " + OneLine.of(run.stdoutHead()) + ": " + OneLine.of(run.stderr()));
        }
        return run.totalMillis();
    }
}
