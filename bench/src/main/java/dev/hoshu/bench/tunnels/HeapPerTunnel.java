package dev.hoshu.bench.tunnels;

/**
 * The broker's reachable heap (after a full collection) before the simulated tunnels and with them up, and the
 * share of the difference that each tunnel costs, against the budget of 64 KiB per tunnel.
 */
public record HeapPerTunnel(long beforeKiB, long withKiB, int tunnels) {

    public static final double BUDGET_KIB = 64;

    public double perTunnelKiB() {
        return tunnels <= 0 ? Double.NaN : (withKiB - beforeKiB) / (double) tunnels;
    }

    public boolean withinBudget() {
        return perTunnelKiB() <= BUDGET_KIB;
    }

    /** How many tunnels a heap of that many MiB holds at the measured cost, the idle broker's heap taken off. */
    public long tunnelsIn(long heapMiB) {
        double perTunnel = perTunnelKiB();
        if (!(perTunnel > 0)) {
            return -1;
        }
        return (long) Math.max(0, (heapMiB * 1024 - beforeKiB) / perTunnel);
    }
}
