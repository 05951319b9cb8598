package dev.hoshu.bench.measure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.hoshu.bench.process.ExternalCommand;

/**
 * Runs ssh once and times it from just before the process starts to its exit. Stdout is counted,
 * not kept, so a 512 MiB stream costs the harness no memory.
 */
public final class SshRun {

    private static final int BUFFER = 256 * 1024;
    private static final int HEAD_BYTES = 256;
    private static final int STDERR_KEPT = 64 * 1024;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ssh-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private SshRun() {
    }

    /** A run that exceeds the limit is killed and reported with exit status -1. */
    public static RunResult run(List<String> argv, Duration limit) {
        ProcessBuilder builder = ExternalCommand.prepare(argv, Map.of())
                .redirectInput(ProcessBuilder.Redirect.from(ExternalCommand.DEV_NULL));
        long start = System.nanoTime();
        Process process = ExternalCommand.start(builder);
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(process::destroyForcibly, limit.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> keepHead(process.getErrorStream()));
        long firstByte = -1;
        long bytes = 0;
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = stdout.read(buffer)) >= 0) {
                if (firstByte < 0 && read > 0) {
                    firstByte = System.nanoTime() - start;
                }
                if (head.size() < HEAD_BYTES) {
                    head.write(buffer, 0, Math.min(read, HEAD_BYTES - head.size()));
                }
                bytes += read;
            }
            int exit = process.waitFor();
            long total = System.nanoTime() - start;
            boolean timedOut = !watchdog.cancel(false);
            return new RunResult(timedOut ? -1 : exit, total, firstByte, bytes, head.toString(StandardCharsets.UTF_8),
                    timedOut ? "timed out after " + limit.toSeconds() + " s" : stderr.join());
        } catch (IOException e) {
            process.destroyForcibly();
            return new RunResult(-1, System.nanoTime() - start, firstByte, bytes, head.toString(StandardCharsets.UTF_8),
                    "reading ssh output failed: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new RunResult(-1, System.nanoTime() - start, firstByte, bytes, "", "interrupted");
        }
    }

    private static String keepHead(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                if (kept.size() < STDERR_KEPT) {
                    kept.write(buffer, 0, Math.min(read, STDERR_KEPT - kept.size()));
                }
            }
            return kept.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
