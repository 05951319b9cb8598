package dev.hoshu.bench.fleet;

import java.time.Duration;

/**
 * How much a fleet run measures.
 *
 * @param latencyRuns      interleaved rounds of the latency probe, each one short tool run and one echo session
 *                         through the local and through the relaying node
 * @param keystrokesPerRun keystrokes echoed per echo session
 * @param rateWindow       how long engineers keep starting sessions for the sessions-per-second figure
 * @param engineersPerNode engineers starting sessions at once on each node
 * @param agentsPerNode    simulated device agents enrolled on and connected to each node
 */
public record FleetPlan(String mode, int latencyRuns, int keystrokesPerRun, Duration rateWindow, int engineersPerNode,
                        int agentsPerNode) {

    public static final FleetPlan QUICK = new FleetPlan("fleet-quick", 20, 10, Duration.ofSeconds(20), 2, 4);
    public static final FleetPlan FULL = new FleetPlan("fleet", 100, 10, Duration.ofSeconds(60), 2, 10);

    public FleetPlan {
        if (latencyRuns < 1 || latencyRuns > 1000) {
            throw new IllegalArgumentException("latency runs must be 1 to 1000, not " + latencyRuns);
        }
        if (agentsPerNode < 1 || agentsPerNode > 500) {
            throw new IllegalArgumentException("agents per node must be 1 to 500, not " + agentsPerNode);
        }
    }

    public FleetPlan withLatencyRuns(int runs) {
        return new FleetPlan(mode, runs, keystrokesPerRun, rateWindow, engineersPerNode, agentsPerNode);
    }
}
