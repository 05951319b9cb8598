package dev.hoshu.bench.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.measure.RunResult;
import dev.hoshu.bench.measure.Samples;
import dev.hoshu.bench.measure.SshRun;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tools.BenchTool;

/**
 * Sessions per second: on every node given at once, a few engineers each start one short session ({@code bench-noop}
 * with the real ssh) after another for a fixed time. A session counts when it printed the tool's answer and ssh
 * exited 0; anything else is an error, kept with its first message. A few sessions per node first, outside the
 * figures, so a node that has not served one yet does not pay its warm-up inside the window.
 */
final class SessionRate {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final int WARMUP_SESSIONS = 3;

    private SessionRate() {
    }

    /**
     * @param paths            one per node, named by its host alias
     * @param engineersPerNode engineers starting sessions at once on each
     */
    static List<NodeRate> measure(List<SshPath> paths, int engineersPerNode, Duration window, Progress progress) {
        for (SshPath path : paths) {
            for (int i = 0; i < WARMUP_SESSIONS; i++) {
                Tally warmup = new Tally(path);
                warmup.add(SshRun.run(path.argv(BenchTool.NOOP), RUN_LIMIT));
                if (warmup.errors.get() > 0) {
                    throw new PathFailure("fleet: warm-up session through " + path.hostAlias() + " failed: "
                            + warmup.firstError.get());
                }
            }
        }
        List<Tally> tallies = paths.stream().map(Tally::new).toList();
        ExecutorService engineers = Executors.newFixedThreadPool(paths.size() * engineersPerNode);
        long start = System.nanoTime();
        long stopStarting = start + window.toNanos();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (Tally tally : tallies) {
                for (int i = 0; i < engineersPerNode; i++) {
                    running.add(engineers.submit(() -> {
                        while (System.nanoTime() < stopStarting) {
                            tally.add(SshRun.run(tally.path.argv(BenchTool.NOOP), RUN_LIMIT));
                        }
                    }));
                }
            }
            while (System.nanoTime() < stopStarting) {
                sleep(Math.min(5_000, TimeUnit.NANOSECONDS.toMillis(stopStarting - System.nanoTime()) + 1));
                progress.detail(String.format("sessions: %.0f s: %s", (System.nanoTime() - start) / 1e9,
                        tallies.stream().map(t -> t.path.hostAlias() + " " + t.ok.get() + " ok / " + t.errors.get()
                                + " errors").toList()));
            }
            for (Future<?> engineer : running) {
                engineer.get(RUN_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("fleet: interrupted while starting sessions");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new PathFailure("fleet: an engineer's session loop failed: " + OneLine.of(String.valueOf(e)));
        } finally {
            engineers.shutdownNow();
        }
        // Sessions started before the window closed all count, so the divisor is until the last one ended.
        double seconds = (System.nanoTime() - start) / 1e9;
        return tallies.stream().map(t -> t.figures(seconds)).toList();
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(Math.max(1, millis));
    }

    /** One node's count, shared by its engineers. */
    private static final class Tally {

        private final SshPath path;
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger errors = new AtomicInteger();
        private final AtomicReference<String> firstError = new AtomicReference<>("");
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

        Tally(SshPath path) {
            this.path = path;
        }

        void add(RunResult run) {
            if (run.exitStatus() == 0 && BenchTool.NOOP_OUTPUT.equals(run.stdoutHead())) {
                ok.incrementAndGet();
                millis.add(run.totalMillis());
            } else {
                errors.incrementAndGet();
                firstError.compareAndSet("", "exit " + run.exitStatus() + ": " + OneLine.of(run.stderr()));
            }
        }

        NodeRate figures(double seconds) {
            List<Double> kept;
            synchronized (millis) {
                kept = List.copyOf(millis);
            }
            return new NodeRate(path.hostAlias(), ok.get(), errors.get(), ok.get() / seconds,
                    kept.isEmpty() ? -1 : Samples.of(kept).median(), firstError.get());
        }
    }
}
