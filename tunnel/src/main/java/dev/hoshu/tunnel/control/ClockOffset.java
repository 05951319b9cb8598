package dev.hoshu.tunnel.control;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The device clock measured against the broker's, NTP style: the broker sends at t0, the device reads its clock
 * at t1, the broker receives the answer at t2. Assuming the two legs take as long, the device read its clock at
 * broker time (t0 + t2) / 2, so offset = t1 - (t0 + t2) / 2, give or take half the round trip.
 *
 * @param offsetMillis device clock minus broker clock
 * @param roundTripMillis t2 - t0; the error bound is half of it
 */
public record ClockOffset(long offsetMillis, long roundTripMillis) {

    public static ClockOffset measure(long t0, long t1, long t2) {
        if (t2 < t0) {
            throw new IllegalArgumentException("the answer came before the question: t2 < t0");
        }
        return new ClockOffset(t1 - Math.floorDiv(t0 + t2, 2), t2 - t0);
    }

    /** The sample with the shortest round trip: the tightest error bound. */
    public static Optional<ClockOffset> best(Collection<ClockOffset> samples) {
        return samples.stream().min(Comparator.comparingLong(ClockOffset::roundTripMillis));
    }
}
