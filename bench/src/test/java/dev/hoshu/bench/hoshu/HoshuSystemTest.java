package dev.hoshu.bench.hoshu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tools.ToolFolders;

/** The harness's side of the quickstart contract, against stand-in quickstarts that misbehave. */
class HoshuSystemTest {

    @TempDir
    Path work;

    private final StringWriter printed = new StringWriter();
    private final Progress progress = new Progress(new PrintWriter(printed, true));

    private Path quickstart(String body) throws Exception {
        Path script = work.resolve("quickstart");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private HoshuSystem start(Path quickstart) {
        ToolFolders tools = new ToolFolders(work.resolve("tools"));
        tools.writeAll();
        return HoshuSystem.start(work, quickstart, work, tools, progress);
    }

    @Test
    void aQuickstartThatGivesUpFailsWithItsOwnReason() throws Exception {
        Path failing = quickstart("""
                echo "==> starting the broker"
                echo "    FAILED: the broker did not start; see data/logs/broker.log" >&2
                exit 1""");
        PathFailure failure = assertThrows(PathFailure.class, () -> start(failing));
        assertTrue(failure.getMessage().startsWith("hoshu: bin/quickstart did not start Hoshu: it exited 1; last words: "
                + "FAILED: the broker did not start"), failure.getMessage());
        assertFalse(failure.getMessage().contains("\n"));
        assertTrue(printed.toString().contains("hoshu quickstart: ==> starting the broker"), printed.toString());
    }

    @Test
    void runningWithoutABrokerProcessIsAFailureAndTheQuickstartIsStopped() throws Exception {
        Path noBroker = quickstart("""
                echo "Hoshu is running. Logs: nowhere"
                exec sleep 120""");
        PathFailure failure = assertThrows(PathFailure.class, () -> start(noBroker));
        assertEquals("hoshu: no broker process (hoshu-broker.jar) under the quickstart", failure.getMessage());
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("sleep")),
                "the stand-in quickstart was left running");
    }

    @Test
    void aMissingQuickstartIsRefusedBeforeAnythingStarts() {
        PathFailure failure = assertThrows(PathFailure.class, () -> start(work.resolve("no-such-quickstart")));
        assertTrue(failure.getMessage().endsWith("no-such-quickstart is missing or not executable"));
    }

    @Test
    void idsAreTakenFromTheCliAnswerAndAnAnswerWithoutOneIsRefused() {
        assertEquals("r-7f3a", HoshuCli.idIn("r", "request r-7f3a pending (hosp-a must approve)"));
        assertEquals("g-91", HoshuCli.idIn("g", "approved r-7f3a: grant g-91 for sato on CT-01 until 10:00 JST"));
        PathFailure failure = assertThrows(PathFailure.class, () -> HoshuCli.idIn("g", "denied: \u001b[31mnope\nsecond"));
        assertFalse(failure.getMessage().contains("\n"));
        assertFalse(failure.getMessage().contains("\u001b"));
    }
}
