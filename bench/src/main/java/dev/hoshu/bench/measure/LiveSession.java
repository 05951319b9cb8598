package dev.hoshu.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.OneLine;

/**
 * One of many ssh sessions running at the same time. Output goes to files rather than reader
 * threads, so hundreds of sessions cost the harness a few file handles each and nothing more.
 */
final class LiveSession {

    private final Process process;
    private final long startNanos;
    private final CompletableFuture<Long> endNanos;
    private final Path stdout;
    private final Path stderr;

    private LiveSession(Process process, long startNanos, Path stdout, Path stderr) {
        this.process = process;
        this.startNanos = startNanos;
        this.endNanos = process.onExit().thenApply(exited -> System.nanoTime());
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** @param keepStdinOpen true for a session that lives until the harness closes its input */
    static LiveSession start(List<String> argv, Path scratch, String name, boolean keepStdinOpen) {
        Path out = scratch.resolve(name + ".out");
        Path err = scratch.resolve(name + ".err");
        ProcessBuilder builder = ExternalCommand.prepare(argv, Map.of())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (!keepStdinOpen) {
            builder.redirectInput(ProcessBuilder.Redirect.from(ExternalCommand.DEV_NULL));
        }
        long start = System.nanoTime();
        return new LiveSession(ExternalCommand.start(builder), start, out, err);
    }

    boolean hasEnded() {
        return !process.isAlive();
    }

    boolean endedWell(String expectedStdout) {
        return hasEnded() && process.exitValue() == 0 && stdout().equals(expectedStdout);
    }

    boolean printed(String text) {
        return stdout().contains(text);
    }

    double millis() {
        return (endNanos.join() - startNanos) / 1e6;
    }

    /** Ends the session the polite way: end of input, as an engineer closing the tool would. */
    void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            process.destroy();
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    String failure() {
        if (!hasEnded()) {
            return "still running at the deadline";
        }
        String err = read(stderr);
        return "exit " + process.exitValue() + ": " + (err.isBlank() ? "stdout " + OneLine.of(stdout()) : OneLine.lastOf(err));
    }

    private String stdout() {
        return read(stdout);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
