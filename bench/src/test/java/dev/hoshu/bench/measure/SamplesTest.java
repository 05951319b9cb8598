package dev.hoshu.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void nearestRankPercentilesOfTwentyRuns() {
        List<Double> millis = new ArrayList<>();
        for (int i = 20; i >= 1; i--) {
            millis.add((double) i);
        }
        Samples samples = Samples.of(millis);
        assertEquals(10, samples.median());
        assertEquals(19, samples.p95());
        assertEquals(1, samples.min());
        assertEquals(20, samples.max());
        assertEquals(20, samples.count());
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Samples samples = Samples.of(List.of(42.0));
        assertEquals(42, samples.median());
        assertEquals(42, samples.p95());
    }

    @Test
    void refusesNoSamplesAndNonsensePercentiles() {
        assertThrows(IllegalArgumentException.class, () -> Samples.of(List.of()));
        Samples samples = Samples.of(List.of(1.0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> samples.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> samples.percentile(101));
    }
}
