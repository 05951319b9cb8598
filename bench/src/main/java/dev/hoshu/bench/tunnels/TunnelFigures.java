package dev.hoshu.bench.tunnels;

/**
 * One {@code bin/bench tunnels} run's figures; {@code failure} is empty when every phase reached its target
 * and names the first that did not otherwise.
 *
 * @param enrolPerSecond      enrollments (join token from the API, then the enrollment exchange) per second
 * @param handshakesPerSecond tunnels brought up per second (TLS 1.3 mutual auth, ALPN, SSH, broker login) when
 *                            every agent dials at once
 * @param heldDrops           tunnels that closed while idle during the hold (heartbeats should keep them all)
 * @param stormAllBackMillis  from the restarted broker's tunnel port accepting until the last agent was back; -1
 *                            if not all came back
 * @param stormHalfBackMillis from the port accepting until half of the agents were back (the median agent's wait);
 *                            -1 if fewer came back
 */
public record TunnelFigures(String startedAt, String command, String machine, TunnelPlan plan,
        int enrolled, double enrolPerSecond, int tunnelsUp, long allUpMillis, double handshakesPerSecond,
        int peakHandshakesPerSecond, long holdSeconds, int heldDrops, HeapPerTunnel heap, long brokerRssKiB,
        long brokerFds, long restartMillis, int stormBack, long stormHalfBackMillis, long stormAllBackMillis,
        int stormPeakPerSecond,
        int stormHandshakes, String failure) {

    public boolean complete() {
        return failure == null || failure.isEmpty();
    }
}
