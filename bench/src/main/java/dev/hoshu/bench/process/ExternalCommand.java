package dev.hoshu.bench.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One short-lived program run to completion within a time limit, with its output captured. */
public final class ExternalCommand {

    public static final File DEV_NULL = new File("/dev/null");

    private ExternalCommand() {
    }

    public static CommandOutput run(List<String> argv, Duration limit) {
        return run(argv, Map.of(), null, limit);
    }

    /**
     * @param extraEnvironment added to this process's environment (minus any SSH agent, so every
     *                         ssh the harness starts authenticates only with the keys it names)
     * @throws PathFailure if the program cannot start or does not finish in time
     */
    public static CommandOutput run(List<String> argv, Map<String, String> extraEnvironment, Path directory,
                                    Duration limit) {
        ProcessBuilder builder = prepare(argv, extraEnvironment).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        return finish(argv, start(builder), limit);
    }

    /** As {@link #run(List, Map, Path, Duration)}, with {@code input} on the program's standard input. */
    public static CommandOutput runWithInput(List<String> argv, Map<String, String> extraEnvironment, String input,
                                             Duration limit) {
        Process process = start(prepare(argv, extraEnvironment));
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            process.destroyForcibly();
            throw new PathFailure("cannot write to " + argv.get(0) + ": " + e.getMessage());
        }
        return finish(argv, process, limit);
    }

    private static CommandOutput finish(List<String> argv, Process process, Duration limit) {
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new PathFailure(argv.get(0) + " did not finish within " + limit.toSeconds() + " s");
            }
            return new CommandOutput(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PathFailure("interrupted while waiting for " + argv.get(0));
        }
    }

    /** Like {@link #run} but a non-zero exit is a failure described by the program's own last words. */
    public static CommandOutput require(String what, List<String> argv, Duration limit) {
        CommandOutput output = run(argv, limit);
        if (!output.succeeded()) {
            throw new PathFailure(what + " failed (exit " + output.exitStatus() + "): "
                    + OneLine.lastOf(output.stderr().isBlank() ? output.stdout() : output.stderr()));
        }
        return output;
    }

    public static ProcessBuilder prepare(List<String> argv, Map<String, String> extraEnvironment) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> environment = builder.environment();
        environment.remove("SSH_AUTH_SOCK");
        environment.remove("SSH_AGENT_PID");
        environment.putAll(extraEnvironment);
        return builder;
    }

    public static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new PathFailure("cannot start " + builder.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
