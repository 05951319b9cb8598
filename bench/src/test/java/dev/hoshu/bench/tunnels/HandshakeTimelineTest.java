package dev.hoshu.bench.tunnels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTimelineTest {

    @Test
    void allUpIsTheMomentTheLastExpectedTunnelCameUpWhateverTheOrder() {
        HandshakeTimeline timeline = new HandshakeTimeline(4, List.of(2500L, 100L, 900L, 1200L));
        assertTrue(timeline.allUp());
        assertEquals(2500, timeline.allUpMillis());
    }

    @Test
    void aMissingTunnelMeansNotAllUp() {
        HandshakeTimeline timeline = new HandshakeTimeline(5, List.of(100L, 200L, 300L));
        assertFalse(timeline.allUp());
        assertEquals(-1, timeline.allUpMillis());
        assertEquals(3, timeline.up());
    }

    @Test
    void peakCountsTheBusiestWholeSecond() {
        // second 0: 2, second 1: 3, second 3: 1
        HandshakeTimeline timeline = new HandshakeTimeline(6, List.of(10L, 999L, 1000L, 1500L, 1999L, 3000L));
        assertEquals(3, timeline.peakPerSecond());
        assertEquals(List.of(2L, 3L, 0L, 1L), timeline.perSecond().boxed().toList());
    }

    @Test
    void rateIsTunnelsAfterTheFirstOverTheSpan() {
        HandshakeTimeline timeline = new HandshakeTimeline(5, List.of(0L, 500L, 1000L, 1500L, 2000L));
        assertEquals(2.0, timeline.ratePerSecond(), 1e-9);
    }

    @Test
    void oneTunnelHasNoRate() {
        assertTrue(Double.isNaN(new HandshakeTimeline(1, List.of(40L)).ratePerSecond()));
        assertEquals(0, new HandshakeTimeline(1, List.of()).peakPerSecond());
    }

    @Test
    void halfUpIsTheMedianAgentsWaitAndNeedsHalfOfThoseExpected() {
        assertEquals(900, new HandshakeTimeline(4, List.of(2500L, 100L, 900L, 1200L)).halfUpMillis());
        assertEquals(2500, new HandshakeTimeline(5, List.of(2500L, 100L, 900L)).halfUpMillis(), "the third of five");
        assertEquals(-1, new HandshakeTimeline(5, List.of(2500L, 100L)).halfUpMillis());
    }
}
