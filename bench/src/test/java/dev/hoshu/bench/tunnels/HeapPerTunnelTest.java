package dev.hoshu.bench.tunnels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapPerTunnelTest {

    @Test
    void perTunnelIsTheGrowthSharedOut() {
        HeapPerTunnel heap = new HeapPerTunnel(80_000, 80_000 + 1000 * 48, 1000);
        assertEquals(48.0, heap.perTunnelKiB(), 1e-9);
        assertTrue(heap.withinBudget());
    }

    @Test
    void aboveSixtyFourKibIsOverBudget() {
        assertFalse(new HeapPerTunnel(0, 65 * 100, 100).withinBudget());
    }

    @Test
    void projectsHowManyTunnelsAHeapHolds() {
        // 1 GiB minus the idle 64 MiB, at 32 KiB each
        HeapPerTunnel heap = new HeapPerTunnel(64 * 1024, 64 * 1024 + 32 * 10, 10);
        assertEquals((1024 - 64) * 1024 / 32, heap.tunnelsIn(1024));
    }

    @Test
    void noTunnelsNoFigure() {
        assertTrue(Double.isNaN(new HeapPerTunnel(1, 2, 0).perTunnelKiB()));
        assertEquals(-1, new HeapPerTunnel(1, 2, 0).tunnelsIn(1024));
    }
}
