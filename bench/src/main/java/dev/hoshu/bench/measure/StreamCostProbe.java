package dev.hoshu.bench.measure;

import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.paths.SshPath;

/** Runs one extra stream on a path while watching the broker's and agent's CPU from /proc. */
public record StreamCostProbe(ThroughputBenchmark throughput, JvmProcess broker, JvmProcess agent,
                              long ticksPerSecond) {

    public StreamCost run(SshPath path, String which) {
        BrokerWatch watch = new BrokerWatch(broker, agent, ticksPerSecond);
        RunResult result = throughput.once(path, which);
        double wall = watch.wallSeconds();
        return new StreamCost(throughput.mib(), throughput.mib() / result.transferSeconds(),
                100 * watch.brokerCpuSeconds() / wall, 100 * watch.agentCpuSeconds() / wall);
    }
}
