package dev.hoshu.bench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hoshu.bench.report.LoadAverage;

class FleetTableTest {

    private static FleetBenchmark.Result result(List<NodeTunnels> tunnels) {
        List<Double> local = List.of(100.0, 110.0, 120.0, 130.0, 400.0);
        List<Double> relayed = List.of(130.0, 140.0, 150.0, 160.0, 500.0);
        return new FleetBenchmark.Result("bin/bench fleet-quick", "2026-01-01T00:00:00Z", "2 CPUs", new LoadAverage(3, 4),
                FleetPlan.QUICK,
                List.of(Distribution.of(RelayLatency.TOOL_RUN, "local", local),
                        Distribution.of(RelayLatency.TOOL_RUN, "relayed", relayed),
                        Distribution.of(RelayLatency.ECHO, "local", List.of(1.0, 2.0)),
                        Distribution.of(RelayLatency.ECHO, "relayed", List.of(3.0, 4.0))),
                new NodeRate("node-c", 100, 0, 5.0, 700, ""),
                List.of(new NodeRate("node-a", 40, 0, 2.0, 900, ""), new NodeRate("node-b", 30, 1, 1.5, 950,
                        "exit 255: a|b"), new NodeRate("node-c", 50, 0, 2.5, 800, "")),
                tunnels);
    }

    @Test
    void theRelayIsQuotedAgainstTheLocalBaselineFromTheMedians() {
        String table = result(List.of(new NodeTunnels("node-a", 4, 4), new NodeTunnels("node-c", 5, 5))).table();
        // medians 120 and 150 ms: 1.25 times, 30 ms more; echo medians 1 and 3 ms (nearest rank): 3 times, 2 ms more
        assertTrue(table.contains("| 1.25× | +30.0 ms |"), table);
        assertTrue(table.contains("| 3.00× | +2.0 ms |"), table);
        assertTrue(table.contains("| three nodes | **all three** | 120 | 6.0 | | 1 |"), table);
        assertTrue(table.contains("| one node, 6 engineers (baseline) | node-c | 100 | 5.0 | 700 | 0 |"), table);
        assertTrue(table.contains("(first: exit 255: a/b)"), table);
        assertTrue(table.contains("| **all three** | 9 | 9 |"), table);
    }

    @Test
    void aGaugeThatDisagreesWithTheAgentsDialledIsMarked() {
        String table = result(List.of(new NodeTunnels("node-a", 4, 3))).table();
        assertTrue(table.contains("| node-a | 4 | 3 (differs) |"), table);
    }

    @Test
    void aPlanOutsideItsBoundsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FleetPlan.QUICK.withLatencyRuns(0));
        assertEquals(100, FleetPlan.FULL.latencyRuns());
    }
}
