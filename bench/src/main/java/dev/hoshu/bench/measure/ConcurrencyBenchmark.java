package dev.hoshu.bench.measure;

import java.nio.file.Path;
import java.util.Optional;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.paths.SshPath;

/**
 * N trivial sessions launched together through one broker: their set-up times, errors, and the
 * broker's cost; preceded by the same burst on the direct path when there is one.
 */
public record ConcurrencyBenchmark(SshPath hoshu, Optional<SshPath> direct, JvmProcess broker, JvmProcess agent,
                                   long ticksPerSecond) {

    public ConcurrencyFigures run(int sessions, Path scratch, Progress progress) {
        Optional<SessionBurst> baseline = direct.map(path -> {
            progress.step("concurrency: " + sessions + " parallel " + path.label() + " sessions (baseline)");
            SessionBurst burst = SessionBurst.run(path, sessions, scratch);
            progress.detail(describe(path.label(), sessions, burst));
            return burst;
        });
        progress.step("concurrency: " + sessions + " parallel " + hoshu.label() + " sessions");
        BrokerWatch watch = new BrokerWatch(broker, agent, ticksPerSecond);
        SessionBurst burst = SessionBurst.run(hoshu, sessions, scratch);
        double wall = watch.wallSeconds();
        double brokerCpu = watch.brokerCpuSeconds();
        double agentCpu = watch.agentCpuSeconds();
        progress.detail(describe(hoshu.label(), sessions, burst)
                + String.format(", broker CPU %.1f s (%.0f %% of a core)", brokerCpu, 100 * brokerCpu / wall));
        Samples samples = burst.samples();
        return new ConcurrencyFigures(sessions, burst.errors(), burst.firstError(), samples.median(), samples.p95(), wall,
                brokerCpu, 100 * brokerCpu / wall, agentCpu, broker.heapUsedKiB(), broker.rssKiB(),
                baseline.map(b -> b.samples().median()).orElse(null), baseline.map(b -> b.samples().p95()).orElse(null),
                baseline.map(SessionBurst::errors).orElse(null), baseline.map(SessionBurst::firstError).orElse(""));
    }

    private static String describe(String path, int sessions, SessionBurst burst) {
        Samples samples = burst.samples();
        return String.format("%s, %d sessions: p50 %.0f ms, p95 %.0f ms, %d errors", path, sessions, samples.median(),
                samples.p95(), burst.errors());
    }
}
