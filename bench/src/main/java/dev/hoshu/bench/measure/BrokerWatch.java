package dev.hoshu.bench.measure;

import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.jvm.ProcStat;

/** CPU used by the broker and the agent between two moments, from /proc. */
final class BrokerWatch {

    private final JvmProcess broker;
    private final JvmProcess agent;
    private final long ticksPerSecond;
    private final ProcStat brokerStart;
    private final ProcStat agentStart;
    private final long startNanos = System.nanoTime();

    BrokerWatch(JvmProcess broker, JvmProcess agent, long ticksPerSecond) {
        this.broker = broker;
        this.agent = agent;
        this.ticksPerSecond = ticksPerSecond;
        this.brokerStart = broker.cpu();
        this.agentStart = agent.cpu();
    }

    double brokerCpuSeconds() {
        return (broker.cpu().totalTicks() - brokerStart.totalTicks()) / (double) ticksPerSecond;
    }

    double agentCpuSeconds() {
        return (agent.cpu().totalTicks() - agentStart.totalTicks()) / (double) ticksPerSecond;
    }

    double wallSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
