package dev.hoshu.bench.measure;

/**
 * What one Hoshu stream cost the broker and the agent. CPU well below 100 % of a core at a low rate
 * means the relay waits rather than computes.
 */
public record StreamCost(int mib, double mibPerSecond, double brokerCpuPercent, double agentCpuPercent) {
}
