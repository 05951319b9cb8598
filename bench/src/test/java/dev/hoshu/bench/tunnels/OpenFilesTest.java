package dev.hoshu.bench.tunnels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OpenFilesTest {

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             unlimited            unlimited            processes
            Max open files            20000                40000                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void readsSoftAndHard() {
        assertEquals(new OpenFiles(20000, 40000), OpenFiles.parse(LIMITS));
    }

    @Test
    void unlimitedIsNoLimit() {
        assertEquals(Long.MAX_VALUE, OpenFiles.parse("Max open files            unlimited            unlimited            files\n").soft());
    }

    @Test
    void refusesLimitsWithoutTheLine() {
        assertThrows(IllegalArgumentException.class, () -> OpenFiles.parse("Max processes 1 1 processes\n"));
    }
}
