package dev.hoshu.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.bench.report.BenchReport;
import dev.hoshu.bench.report.ResultFile;
import picocli.CommandLine;

class BenchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        CommandLine commandLine = BenchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void usageMistakesAreRefusedInOneLine() {
        for (String[] args : new String[][] {
                {"fast"},
                {"quick", "--setup-runs", "0"},
                {"quick", "--stream-mib", "999999"},
                {"quick", "--paths", "direct,telnet"},
                {"quick", "--setup-runs", "$(id)"},
                {"tunnels", "--broker-setting", "hoshu.tunnel.port=1 -Dspring.main.sources=x"},
                {"tunnels", "--broker-setting", "hoshu.x=$(id)"},
                {"tunnels", "--broker-setting", "spring.profiles.active=quickstart"},
                {"tunnels", "--broker-setting", "hoshu.tunnel.max-concurrent-handshakes"},
                {"fleet-quick", "--setup-runs", "0"},
                {"fleet", "--setup-runs", "1001"}}) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertEquals(BenchCommand.USAGE, bench(args), String.join(" ", args));
            assertEquals(1, errLines().size(), err.toString());
            assertTrue(errLines().get(0).startsWith("bench: refused: "), err.toString());
        }
        assertTrue(err.toString().contains("--setup-runs"), err.toString());
    }

    @Test
    void aPathThatCannotStartFailsTheRunLoudlyAndKeepsItOutOfTheDoc() throws Exception {
        Path quickstart = dir.resolve("quickstart");
        Files.writeString(quickstart, "#!/bin/sh\necho '    FAILED: port 8080 on 127.0.0.1 is in use' >&2\nexit 1\n");
        Files.setPosixFilePermissions(quickstart, PosixFilePermissions.fromString("rwx------"));
        Path doc = dir.resolve("benchmarks.md");

        int status = bench("quick", "--quickstart", quickstart.toString(), "--root", dir.toString(),
                "--results", dir.resolve("results").toString(), "--doc", doc.toString(), "--work", dir.resolve("work").toString());

        assertEquals(BenchCommand.FAILED, status);
        assertEquals(1, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith("bench: FAILED: hoshu: bin/quickstart did not start Hoshu: it exited 1; "
                + "last words: FAILED: port 8080 on 127.0.0.1 is in use"), err.toString());
        assertTrue(out.toString().contains("· failed: hoshu:"), "the printed table is marked failed");
        assertFalse(Files.exists(doc));
        BenchReport saved = ResultFile.read(onlyJson(dir.resolve("results")));
        assertEquals(BenchReport.FAILED, saved.status());
        try (Stream<Path> kept = Files.list(dir.resolve("work"))) {
            assertEquals(1, kept.count(), "the failed run's folder is kept for its logs");
        }
    }

    @Test
    void openSshOnlyRunsArePartialAndStayOutOfTheDoc() throws Exception {
        Path doc = dir.resolve("benchmarks.md");

        int status = bench("quick", "--paths", "direct,proxyjump", "--setup-runs", "2", "--stream-mib", "1",
                "--root", dir.toString(), "--results", dir.resolve("results").toString(), "--doc", doc.toString(), "--work", dir.resolve("work").toString());

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("round 2 of 2: direct"), out.toString());
        assertTrue(out.toString().contains("· partial"), out.toString());
        assertFalse(Files.exists(doc));
        BenchReport saved = ResultFile.read(onlyJson(dir.resolve("results")));
        assertEquals(BenchReport.PARTIAL, saved.status());
        assertEquals(List.of("direct", "proxyjump"), saved.paths());
        assertEquals(2, saved.setup().size());
        try (Stream<Path> kept = Files.list(dir.resolve("work"))) {
            assertEquals(0, kept.count(), "a run that worked cleans up after itself");
        }
    }

    private static Path onlyJson(Path results) throws Exception {
        try (Stream<Path> files = Files.list(results)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertEquals(1, json.size(), json.toString());
            return json.get(0);
        }
    }
}
