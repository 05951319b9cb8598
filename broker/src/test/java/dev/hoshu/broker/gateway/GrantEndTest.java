package dev.hoshu.broker.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a grant's sessions are warned and cut, and what the engineer reads, on a clock the test sets. */
class GrantEndTest {

    // 2026-11-21 10:00 JST
    private static final Instant END = Instant.parse("2026-11-21T01:00:00Z");
    private static final Grant GRANT = new Grant("g-7", "r-7", "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR,
            List.of("selftest"), END.minus(Duration.ofHours(1)), END, List.of("tanaka"), null, null, false, false, false);

    private final GrantEnd fiveMinutes = new GrantEnd(GRANT, Duration.ofMinutes(5));

    @Test
    void aSessionStartedEarlyIsWarnedTheLeadBeforeTheEndAndCutAtIt() {
        Instant start = END.minus(Duration.ofMinutes(42));

        assertEquals(Duration.ofMinutes(37), fiveMinutes.untilWarning(start));
        assertEquals(Duration.ofMinutes(42), fiveMinutes.untilCut(start));
        assertTrue(fiveMinutes.warns(start));
        assertEquals("hoshu: grant g-7 ends at 2026-11-21 10:00 JST (in 5 minutes); the session will be cut then",
                fiveMinutes.warning(start.plus(fiveMinutes.untilWarning(start))));
    }

    @Test
    void aSessionStartedInsideTheLeadIsWarnedAtOnceWithTheTimeLeft() {
        Instant start = END.minusSeconds(20);

        assertEquals(Duration.ZERO, fiveMinutes.untilWarning(start));
        assertEquals(Duration.ofSeconds(20), fiveMinutes.untilCut(start));
        assertEquals("hoshu: grant g-7 ends at 2026-11-21 10:00 JST (in 20 seconds); the session will be cut then",
                fiveMinutes.warning(start));
        assertEquals("hoshu: grant g-7 ends at 2026-11-21 10:00 JST (in 1 minute); the session will be cut then",
                fiveMinutes.warning(END.minusSeconds(70)));
    }

    @Test
    void aTimerFiringAMomentEarlyStillReadsAsTheLead() {
        assertEquals("hoshu: grant g-7 ends at 2026-11-21 10:00 JST (in 5 minutes); the session will be cut then",
                fiveMinutes.warning(END.minus(Duration.ofMinutes(5)).minusMillis(400)));
    }

    @Test
    void anEndedGrantIsCutAtOnceWithoutAWarning() {
        Instant after = END.plusSeconds(3);

        assertEquals(Duration.ZERO, fiveMinutes.untilCut(after));
        assertFalse(fiveMinutes.warns(after));
        assertEquals("ended: grant g-7 ended at 2026-11-21 10:00 JST", fiveMinutes.cutNotice());
        assertEquals("grant g-7 ended at 2026-11-21 10:00 JST", fiveMinutes.cutReason());
    }

    @Test
    void aZeroLeadTurnsTheWarningOff() {
        assertFalse(new GrantEnd(GRANT, Duration.ZERO).warns(END.minus(Duration.ofMinutes(30))));
    }
}
