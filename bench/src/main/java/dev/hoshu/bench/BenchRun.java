package dev.hoshu.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.LoggerFactory;

import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.jvm.HotFrames;
import dev.hoshu.bench.jvm.JfrProfile;
import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.measure.AlgorithmProbe;
import dev.hoshu.bench.measure.ConcurrencyBenchmark;
import dev.hoshu.bench.measure.ConcurrencyFigures;
import dev.hoshu.bench.measure.SessionMemoryBenchmark;
import dev.hoshu.bench.measure.SessionMemoryFigures;
import dev.hoshu.bench.measure.SetupBenchmark;
import dev.hoshu.bench.measure.StreamCostProbe;
import dev.hoshu.bench.measure.ThroughputBenchmark;
import dev.hoshu.bench.paths.PathName;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.paths.Testbed;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.report.BenchReport;
import dev.hoshu.bench.report.LoadAverage;
import dev.hoshu.bench.report.Machine;
import dev.hoshu.bench.report.Ratios;

/**
 * One benchmark run: start the paths, measure them in order (set-up, throughput and its profile,
 * concurrency, live-session memory), stop everything, and say plainly whether the figures are
 * complete.
 */
public final class BenchRun {

    private static final int PROFILE_TOP = 15;

    private final BenchPlan plan;
    private final Set<PathName> paths;
    private final Path projectRoot;
    private final Path quickstart;
    private final Progress progress;

    public BenchRun(BenchPlan plan, Set<PathName> paths, Path projectRoot, Path quickstart, Progress progress) {
        this.plan = plan;
        this.paths = paths.isEmpty() ? EnumSet.allOf(PathName.class) : EnumSet.copyOf(paths);
        this.projectRoot = projectRoot;
        this.quickstart = quickstart;
        this.progress = progress;
    }

    /**
     * @param workDir a fresh folder for servers, keys, tools and Hoshu's data; the caller removes it
     */
    public BenchReport run(String command, Path workDir) {
        Instant startedAt = Instant.now();
        Machine machine = Machine.detect();
        double loadAtStart = LoadAverage.now();
        progress.step("bench " + plan.mode() + " on " + machine.describe());
        progress.detail("paths: " + paths.stream().map(PathName::label).toList() + "; work folder " + workDir);
        Measurements measured = new Measurements();
        Testbed testbed = new Testbed();
        // Ctrl-C must not leave sshd, the broker or the agent behind, even half-way through starting them.
        Thread stopOnInterrupt = new Thread(testbed::close, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            progress.step("starting the paths on 127.0.0.1");
            testbed.open(paths, workDir, projectRoot, quickstart, progress);
            measure(testbed, workDir, measured);
        } catch (PathFailure e) {
            measured.fail(e.getMessage());
        } catch (RuntimeException e) {
            // A harness bug must still end as one line and a failed run, never as figures.
            LoggerFactory.getLogger(BenchRun.class).debug("unexpected failure", e);
            measured.fail("bench: unexpected " + e.getClass().getSimpleName() + ": " + OneLine.of(e.getMessage()));
        } finally {
            progress.step("stopping the paths");
            testbed.close();
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        }
        String status = measured.failed() ? BenchReport.FAILED
                : paths.size() == PathName.values().length ? BenchReport.COMPLETE : BenchReport.PARTIAL;
        List<String> pathLabels = paths.stream().map(PathName::label).toList();
        return new BenchReport(status, measured.failure(), command, startedAt.truncatedTo(ChronoUnit.SECONDS).toString(), progress.elapsedSeconds(),
                machine, new LoadAverage(loadAtStart, LoadAverage.now()), plan, pathLabels, measured.negotiated, measured.setup, measured.throughput, measured.concurrency, measured.memory,
                measured.streamCost, measured.profile, Ratios.of(measured.setup, measured.throughput));
    }

    private void measure(Testbed testbed, Path workDir, Measurements measured) {
        List<SshPath> all = testbed.paths();
        measured.negotiated = all.stream().map(AlgorithmProbe::probe).toList();
        measured.negotiated.forEach(n -> progress.detail(n.path() + " negotiates " + n.kex() + ", " + n.hostKey() + ", "
                + n.cipher()));
        measured.setup = new SetupBenchmark(all, plan.warmupRuns(), plan.setupRounds()).run(progress);
        requireHoshuAlive(testbed);
        ThroughputBenchmark throughput = new ThroughputBenchmark(all, plan.streamMib(), plan.throughputRounds());
        measured.throughput = throughput.run(progress);
        requireHoshuAlive(testbed);
        if (testbed.hoshu().isEmpty()) {
            return;
        }
        HoshuSystem hoshu = testbed.hoshu().get();
        SshPath hoshuPath = all.stream().filter(path -> path.name() == PathName.HOSHU).findFirst().orElseThrow();
        long ticks = JvmProcess.ticksPerSecond();
        measured.profile.addAll(profile(hoshu, hoshuPath, new StreamCostProbe(throughput, hoshu.broker(), hoshu.agent(),
                ticks), workDir, measured));
        Path scratch = directory(workDir.resolve("sessions"));
        Optional<SshPath> directPath = all.stream().filter(path -> path.name() == PathName.DIRECT).findFirst();
        ConcurrencyBenchmark concurrency = new ConcurrencyBenchmark(hoshuPath, directPath, hoshu.broker(), hoshu.agent(),
                ticks);
        for (int sessions : plan.concurrency()) {
            ConcurrencyFigures figures = concurrency.run(sessions, scratch, progress);
            measured.concurrency.add(figures);
            if (figures.errors() > 0) {
                measured.fail("hoshu: " + figures.errors() + " of " + sessions + " concurrent sessions failed, first: "
                        + figures.firstError());
            }
            if (figures.directErrors() != null && figures.directErrors() > 0) {
                measured.fail("direct: " + figures.directErrors() + " of " + sessions
                        + " concurrent sessions failed, first: " + figures.directFirstError());
            }
            requireHoshuAlive(testbed);
        }
        SessionMemoryFigures memory = new SessionMemoryBenchmark(hoshuPath, hoshu.broker())
                .run(plan.liveSessions(), scratch, progress);
        measured.memory = memory;
        if (memory.errors() > 0) {
            measured.fail("hoshu: " + memory.errors() + " of " + memory.sessions() + " live sessions failed, first: "
                    + memory.firstError());
        }
        requireHoshuAlive(testbed);
    }

    /** One extra Hoshu stream, outside the figures, with flight recordings of broker and agent. */
    private List<HotFrames> profile(HoshuSystem hoshu, SshPath hoshuPath, StreamCostProbe probe, Path workDir,
                                    Measurements measured) {
        progress.step("profile: one more " + plan.streamMib() + " MiB Hoshu stream with JFR on broker and agent");
        Path resultsDir = directory(workDir.resolve("profile"));
        List<JfrProfile> recordings = new ArrayList<>();
        for (JvmProcess jvm : List.of(hoshu.broker(), hoshu.agent())) {
            recordings.add(JfrProfile.start(jvm, resultsDir.resolve(jvm.label() + ".jfr")));
        }
        measured.streamCost = probe.run(hoshuPath, "profiled run");
        progress.detail(String.format("%.0f MiB/s; broker on CPU %.0f %% of a core, agent %.0f %%",
                measured.streamCost.mibPerSecond(), measured.streamCost.brokerCpuPercent(),
                measured.streamCost.agentCpuPercent()));
        List<HotFrames> hot = new ArrayList<>();
        for (JfrProfile recording : recordings) {
            Path file = recording.stop();
            HotFrames frames = HotFrames.of(recording.jvm().label(), file, PROFILE_TOP);
            hot.add(frames);
            progress.detail(recording.jvm().label() + ": " + frames.samples() + " samples; by layer: "
                    + frames.layers().stream().map(s -> s.name() + " " + s.percent() + " %").toList());
        }
        return hot;
    }

    private static void requireHoshuAlive(Testbed testbed) {
        testbed.hoshu().ifPresent(HoshuSystem::requireAlive);
    }

    private static Path directory(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new PathFailure("cannot create " + path + ": " + e.getMessage(), e);
        }
    }
}
