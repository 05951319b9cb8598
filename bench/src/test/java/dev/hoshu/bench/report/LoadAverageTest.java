package dev.hoshu.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadAverageTest {

    @Test
    void takesTheOneMinuteFigure() {
        assertEquals(4.19, LoadAverage.parse("4.19 5.78 3.45 3/412 9876\n"));
    }

    @Test
    void garbageIsNotANumberRatherThanAFailure() {
        assertTrue(Double.isNaN(LoadAverage.parse("not a load")));
        assertTrue(Double.isNaN(LoadAverage.parse("")));
    }

    @Test
    void readsThisMachine() {
        assertFalse(Double.isNaN(LoadAverage.now()));
    }
}
