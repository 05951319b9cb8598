package dev.hoshu.bench.tunnels;

import java.util.List;
import java.util.stream.LongStream;

/**
 * When each tunnel came up, in milliseconds after a phase began (its start, or the broker's tunnel port
 * accepting again after a restart); the figures a phase reports are computed from it.
 *
 * @param expected how many tunnels the phase waited for
 * @param upMillis one entry per tunnel that came up, in any order
 */
public record HandshakeTimeline(int expected, List<Long> upMillis) {

    public HandshakeTimeline {
        if (expected < 0) {
            throw new IllegalArgumentException("expected tunnels cannot be negative");
        }
        upMillis = upMillis.stream().sorted().toList();
    }

    public int up() {
        return upMillis.size();
    }

    public boolean allUp() {
        return expected > 0 && up() >= expected;
    }

    /** Milliseconds until the last expected tunnel came up; -1 when not all did. */
    public long allUpMillis() {
        return allUp() ? upMillis.get(expected - 1) : -1;
    }

    /** Milliseconds until half of the expected tunnels were up (the median agent's wait); -1 when fewer came up. */
    public long halfUpMillis() {
        int half = (expected + 1) / 2;
        return expected > 0 && up() >= half ? upMillis.get(half - 1) : -1;
    }

    /** Tunnels up per second from the first to the last: the sustained handshake rate. */
    public double ratePerSecond() {
        if (up() < 2) {
            return Double.NaN;
        }
        long span = upMillis.get(up() - 1) - upMillis.get(0);
        return span <= 0 ? Double.NaN : (up() - 1) * 1000.0 / span;
    }

    /** The most tunnels that came up within one whole second [n s, n+1 s) of the phase. */
    public int peakPerSecond() {
        return (int) perSecond().max().orElse(0);
    }

    /** How many came up in each second of the phase, from second 0 to the last one. */
    public LongStream perSecond() {
        if (upMillis.isEmpty()) {
            return LongStream.empty();
        }
        long[] counts = new long[(int) (upMillis.get(up() - 1) / 1000) + 1];
        for (long millis : upMillis) {
            counts[(int) (Math.max(0, millis) / 1000)]++;
        }
        return LongStream.of(counts);
    }
}
