package dev.hoshu.bench.tunnels;

import java.time.Duration;

/**
 * What {@code bin/bench tunnels} does: how many simulated agents, from how many loopback source addresses, how
 * long the idle tunnels are held (longer than the agents' 45 s heartbeat timeout, so heartbeats are what keeps
 * them), how much heap the broker gets, how many enrol at once, and the reconnect storm's target.
 */
public record TunnelPlan(int agents, int sources, Duration hold, String brokerHeap, int enrolThreads,
        Duration stormTarget) {

    /** The issue's sizes: 20,000 idle tunnels, a storm of all of them back within 60 s. */
    public static final int ISSUE_AGENTS = 20_000;

    public TunnelPlan {
        if (agents < 1 || agents > 60_000) {
            throw new IllegalArgumentException("--agents must be 1 to 60000, not " + agents);
        }
        if (sources < 1 || sources > 250) {
            throw new IllegalArgumentException("--sources must be 1 to 250, not " + sources);
        }
        if (enrolThreads < 1 || enrolThreads > 64) {
            throw new IllegalArgumentException("--enrol-threads must be 1 to 64, not " + enrolThreads);
        }
        if (!brokerHeap.matches("[1-9][0-9]{0,5}[mMgG]")) {
            throw new IllegalArgumentException("--broker-heap must be like 512m or 4g, not '" + brokerHeap + "'");
        }
    }
}
