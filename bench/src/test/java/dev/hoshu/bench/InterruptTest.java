package dev.hoshu.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hoshu.bench.process.Deadline;

/** Ctrl-C (SIGTERM here) while Hoshu is still starting must leave no sshd, quickstart or child behind. */
class InterruptTest {

    private static final String MARKER_SLEEP = "sleep 377";

    @TempDir
    Path dir;

    @Test
    void stoppingTheBenchWhileHoshuStartsStopsEverythingItStarted() throws Exception {
        Path quickstart = dir.resolve("slow-quickstart");
        Files.writeString(quickstart, "#!/bin/sh\necho '==> starting the broker'\n" + MARKER_SLEEP + "\n");
        Files.setPosixFilePermissions(quickstart, PosixFilePermissions.fromString("rwx------"));
        Path work = dir.resolve("work");
        Process bench = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BenchCommand.class.getName(),
                "quick", "--quickstart", quickstart.toString(), "--root", dir.toString(), "--work", work.toString(),
                "--results", dir.resolve("results").toString(), "--doc", dir.resolve("doc.md").toString()))
                .redirectErrorStream(true)
                .start();
        try {
            AtomicBoolean starting = new AtomicBoolean();
            Thread reader = new Thread(() -> watchFor(bench, "hoshu quickstart: ==> starting the broker", starting));
            reader.setDaemon(true);
            reader.start();
            assertTrue(Deadline.in(Duration.ofSeconds(60)).await(starting::get), "the bench never reached the quickstart");
            // "work/" matches what runs inside the work folder (sshd -f work/…/sshd_config), not the bench's own "--work".
            String insideWork = work + "/";
            assertTrue(anyProcessMentions(insideWork), "sshd should be running by now");

            bench.destroy();

            assertTrue(bench.waitFor(60, TimeUnit.SECONDS), "the bench did not stop on SIGTERM");
            assertTrue(Deadline.in(Duration.ofSeconds(20)).await(
                    () -> !anyProcessMentions(insideWork) && !anyProcessMentions(MARKER_SLEEP)),
                    "processes were left behind");
        } finally {
            bench.destroyForcibly();
        }
    }

    private static void watchFor(Process process, String line, AtomicBoolean seen) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String next;
            while ((next = out.readLine()) != null) {
                if (next.contains(line)) {
                    seen.set(true);
                }
            }
        } catch (IOException e) {
            // the process ended; the assertions say what that means
        }
    }

    private static boolean anyProcessMentions(String text) {
        return ProcessHandle.allProcesses().anyMatch(process -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
