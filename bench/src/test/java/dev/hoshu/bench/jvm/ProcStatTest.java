package dev.hoshu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void countsFieldsFromTheLastParenthesisSoHostileCommandNamesCannotShiftThem() throws Exception {
        String line = "4242 (java (x) 1 2 3) S 1 4242 4242 0 -1 4194560 9 0 0 0 731 88 0 0 20 0 40 0 123 0 0";
        ProcStat stat = ProcStat.parse(line);
        assertEquals(731, stat.userTicks());
        assertEquals(88, stat.systemTicks());
        assertEquals(819, stat.totalTicks());
    }

    @Test
    void readsThisProcess() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcStat stat = ProcStat.parse(Files.readString(Path.of("/proc/" + pid + "/stat")));
        assertTrue(stat.totalTicks() >= 0);
    }

    @Test
    void refusesTruncatedLines() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("4242 java S 1"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("4242 (java) S 1 2 3"));
    }
}
