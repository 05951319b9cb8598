package dev.hoshu.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.paths.PathName;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.paths.Testbed;

class SessionBurstTest {

    @TempDir
    Path work;

    private final Progress progress = new Progress(new PrintWriter(new StringWriter(), true));

    @Test
    void everySessionOfABurstIsTimedAndChecked() throws Exception {
        Path scratch = Files.createDirectories(work.resolve("sessions"));
        try (Testbed testbed = Testbed.start(EnumSet.of(PathName.DIRECT), work, work, work, progress)) {
            SessionBurst burst = SessionBurst.run(testbed.paths().get(0), 5, scratch);
            assertEquals(0, burst.errors(), burst.firstError());
            assertEquals(5, burst.millis().size());
            assertTrue(burst.samples().median() > 0);
        }
    }

    @Test
    void sessionsThatCannotConnectAreCountedAsErrorsWithTheReason() throws Exception {
        Path scratch = Files.createDirectories(work.resolve("sessions"));
        SshPath stopped;
        try (Testbed testbed = Testbed.start(EnumSet.of(PathName.DIRECT), work, work, work, progress)) {
            stopped = testbed.paths().get(0);
        }
        SessionBurst burst = SessionBurst.run(stopped, 3, scratch);
        assertEquals(3, burst.errors());
        assertTrue(burst.millis().isEmpty());
        assertTrue(burst.firstError().startsWith("exit 255: "), burst.firstError());
        assertTrue(burst.firstError().contains("Connection refused"), burst.firstError());
        assertTrue(Double.isNaN(burst.samples().median()), "no figure is made up for a burst that all failed");
    }
}
