package dev.hoshu.tunnel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClockOffsetTest {

    @Test
    void aDeviceThreeSecondsAheadIsMeasuredFromTheMiddleOfTheRoundTrip() {
        // broker sends at 1000, the device reads 4050 (broker time 1050), the answer arrives at 1100
        ClockOffset offset = ClockOffset.measure(1_000, 4_050, 1_100);

        assertEquals(3_000, offset.offsetMillis());
        assertEquals(100, offset.roundTripMillis());
    }

    @Test
    void aDeviceBehindHasANegativeOffset() {
        assertEquals(-60_000, ClockOffset.measure(100_000, 40_010, 100_020).offsetMillis());
    }

    @Test
    void theSampleWithTheShortestRoundTripWins() {
        ClockOffset slow = new ClockOffset(900, 400);
        ClockOffset quick = new ClockOffset(1_000, 4);

        assertEquals(quick, ClockOffset.best(List.of(slow, quick)).orElseThrow());
    }

    @Test
    void anAnswerBeforeTheQuestionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClockOffset.measure(2_000, 0, 1_000));
    }
}
