package dev.hoshu.bench.cut;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.PathFailure;

/**
 * An engineer's {@code ssh} running the demo {@code selftest} through the broker (ten minutes of progress lines, with
 * a helper process: a process tree to stop), with the moment it exits taken by the thread that reaps it, so the
 * cut's latency is not blurred by the harness's own polling. The demo tool is used because the hospital's tool
 * contracts cover it; the bench's own tools have none.
 */
final class HeldSession implements AutoCloseable {

    private final Process ssh;
    private final CompletableFuture<Long> exitedNanos;

    private HeldSession(Process ssh) {
        this.ssh = ssh;
        this.exitedNanos = ssh.onExit().thenApply(p -> System.nanoTime());
    }

    static final String TOOL = "selftest";
    private static final String FIRST_LINE = "selftest: step 1/600 ok";

    /** Starts {@code ssh -F CONFIG -o CertificateFile=CERT hoshu selftest} and waits for its first step. */
    static HeldSession open(Path sshConfig, Path certificate, Path log) {
        ProcessBuilder builder = ExternalCommand.prepare(List.of("ssh", "-F", sshConfig.toString(), "-o",
                "CertificateFile=" + certificate, "hoshu", TOOL), java.util.Map.of())
                .redirectError(log.toFile());
        HeldSession session = new HeldSession(ExternalCommand.start(builder));
        session.awaitReady();
        return session;
    }

    private void awaitReady() {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String first = line.get(30, TimeUnit.SECONDS);
            if (!FIRST_LINE.equals(first)) {
                throw new PathFailure("cut: selftest printed " + first + " instead of its first step (exit "
                        + (ssh.isAlive() ? "none yet" : ssh.exitValue()) + ")");
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new PathFailure("cut: selftest printed no step within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("cut: interrupted", e);
        }
    }

    /** When ssh exited (System.nanoTime), waiting at most {@code limitMillis}. */
    long awaitExit(long limitMillis) {
        try {
            return exitedNanos.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new PathFailure("cut: the engineer's ssh was still connected " + limitMillis + " ms after the cut");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("cut: interrupted", e);
        }
    }

    int exitStatus() {
        return ssh.exitValue();
    }

    @Override
    public void close() {
        if (ssh.isAlive()) {
            ssh.destroy();
        }
    }
}
