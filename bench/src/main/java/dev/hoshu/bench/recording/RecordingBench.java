package dev.hoshu.bench.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.hoshu.GrantCredentials;
import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.hoshu.QuickstartPorts;
import dev.hoshu.bench.measure.RunResult;
import dev.hoshu.bench.measure.Samples;
import dev.hoshu.bench.measure.ThroughputBenchmark;
import dev.hoshu.bench.paths.ClientConfig;
import dev.hoshu.bench.paths.PathName;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.report.LoadAverage;
import dev.hoshu.bench.report.Machine;
import dev.hoshu.bench.tools.ToolFolders;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recording on vs. off through the whole path (real ssh, broker, tunnel, agent, tool): bulk output of the stream
 * tool in MiB/s and one-byte echo latency through the echo tool. Each round starts the quickstart twice, once as
 * shipped and once with the broker's benchmark-only switch that drops recording lines instead of writing and
 * forcing them ({@code bench} profile; production brokers refuse it), so machine drift spreads over both modes.
 */
public final class RecordingBench {

    static final String ON = "recording on";
    static final String OFF = "recording off (bench switch)";
    private static final String OFF_OPTIONS = "-Dspring.profiles.include=bench -Dhoshu.recordings.benchmark-unrecorded=true";
    private static final int ECHO_WARMUP = 20;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final int rounds;
    private final int streamMib;
    private final int streamRuns;
    private final int keystrokes;
    private final Path projectRoot;
    private final Path quickstart;
    private final Progress progress;

    public RecordingBench(int rounds, int streamMib, int streamRuns, int keystrokes, Path projectRoot, Path quickstart,
                          Progress progress) {
        this.rounds = rounds;
        this.streamMib = streamMib;
        this.streamRuns = streamRuns;
        this.keystrokes = keystrokes;
        this.projectRoot = projectRoot;
        this.quickstart = quickstart;
        this.progress = progress;
    }

    /** One mode's samples over every round. */
    public record ModeFigures(String mode, List<Double> mibPerSecond, double medianMibPerSecond,
                              List<Double> echoMs, double echoP50Ms, double echoP99Ms,
                              List<GroupCommitLog> closedRecordings, List<Double> streamFsyncsPerSecond) {
    }

    public record Result(String command, String startedAt, String machine, LoadAverage load, int rounds, int streamMib,
                         int streamRunsPerRound, int keystrokesPerRound, List<ModeFigures> modes,
                         double throughputRatio, double echoP50Ratio, double echoP99Ratio) {

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append("| mode | stream MiB/s (median of ").append(modes.get(0).mibPerSecond().size())
                    .append(") | echo p50 ms | echo p99 ms |\n|---|---|---|---|\n");
            for (ModeFigures m : modes) {
                out.append(String.format("| %s | %.1f | %.2f | %.2f |%n", m.mode(), m.medianMibPerSecond(),
                        m.echoP50Ms(), m.echoP99Ms()));
            }
            out.append(String.format("| on / off | %.2f | %.2f | %.2f |%n", throughputRatio, echoP50Ratio, echoP99Ratio));
            ModeFigures on = modes.get(0);
            List<Double> streams = new ArrayList<>();
            List<Double> perFsync = new ArrayList<>();
            List<Double> mostPerFsync = new ArrayList<>();
            for (GroupCommitLog closed : on.closedRecordings()) {
                if (closed.bytes() >= (long) streamMib * 1024 * 1024) {
                    perFsync.add(closed.linesPerFsync());
                    mostPerFsync.add((double) closed.mostLinesPerFsync());
                }
            }
            streams.addAll(on.streamFsyncsPerSecond());
            if (!streams.isEmpty()) {
                out.append(String.format("%nGroup commit with recording on, %d MiB streams: median %.0f fsyncs/s, "
                                + "median %.1f lines per fsync (most in one fsync: %.0f).%n",
                        streamMib, Samples.of(streams).median(), Samples.of(perFsync).median(),
                        Samples.of(mostPerFsync).max()));
            }
            return out.toString();
        }

        public Path write(Path resultsDir) throws IOException {
            Files.createDirectories(resultsDir);
            Path file = resultsDir.resolve("recording-" + startedAt.replace(":", "") + ".json");
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
            return file;
        }
    }

    public Result run(String command, Path workDir) throws IOException {
        Instant started = Instant.now();
        double loadAtStart = LoadAverage.now();
        String machine = Machine.detect().describe();
        progress.step("recording on vs. off: " + rounds + " rounds; each " + streamRuns + " x " + streamMib
                + " MiB streams and " + keystrokes + " keystrokes per mode, on " + machine);
        Map<String, Collected> collected = new LinkedHashMap<>();
        collected.put(ON, new Collected());
        collected.put(OFF, new Collected());
        for (int round = 1; round <= rounds; round++) {
            for (String mode : List.of(ON, OFF)) {
                progress.step("round " + round + " of " + rounds + ": " + mode);
                measureOnce(mode, workDir.resolve("round-" + round + (mode.equals(ON) ? "-on" : "-off")),
                        collected.get(mode));
            }
        }
        List<ModeFigures> modes = new ArrayList<>();
        collected.forEach((mode, c) -> {
            Samples echo = Samples.of(c.echoMs);
            modes.add(new ModeFigures(mode, c.rates, Samples.of(c.rates).median(), c.echoMs, echo.median(),
                    echo.percentile(99), c.closed, c.fsyncsPerSecond));
        });
        ModeFigures on = modes.get(0);
        ModeFigures off = modes.get(1);
        return new Result(command, started.truncatedTo(ChronoUnit.SECONDS).toString(), machine,
                new LoadAverage(loadAtStart, LoadAverage.now()), rounds, streamMib, streamRuns, keystrokes, modes,
                on.medianMibPerSecond() / off.medianMibPerSecond(), on.echoP50Ms() / off.echoP50Ms(),
                on.echoP99Ms() / off.echoP99Ms());
    }

    private static final class Collected {
        final List<Double> rates = new ArrayList<>();
        final List<Double> echoMs = new ArrayList<>();
        final List<GroupCommitLog> closed = new ArrayList<>();
        final List<Double> fsyncsPerSecond = new ArrayList<>();
    }

    private void measureOnce(String mode, Path folder, Collected into) throws IOException {
        Files.createDirectories(folder);
        ToolFolders tools = new ToolFolders(folder.resolve("tools"));
        tools.writeAll();
        Map<String, String> environment = new HashMap<>(Map.of("HOSHU_EXTRA_TOOLS", tools.root().toString()));
        if (mode.equals(OFF)) {
            environment.put("HOSHU_JAVA_OPTS", OFF_OPTIONS);
        }
        List<RunResult> streams = new ArrayList<>();
        Path brokerLog;
        try (HoshuSystem hoshu = HoshuSystem.launch(projectRoot, quickstart, folder, QuickstartPorts.free(),
                environment)) {
            hoshu.awaitRunning(progress);
            brokerLog = hoshu.logsDir().resolve("broker.log");
            requireMode(mode, brokerLog);
            GrantCredentials grant = hoshu.grantForBenchTools(progress);
            Path knownHosts = folder.resolve("known_hosts");
            Files.write(knownHosts, hoshu.knownHostsLines(), StandardCharsets.UTF_8);
            Path config = folder.resolve("ssh_config");
            Files.writeString(config, new ClientConfig(knownHosts).host("hoshu", hoshu.sshPort(), HoshuSystem.DEVICE,
                    grant.privateKey(), grant.certificate(), null).render());
            SshPath path = new SshPath(PathName.HOSHU, config, "hoshu", tools);
            ThroughputBenchmark throughput = new ThroughputBenchmark(List.of(path), streamMib, streamRuns);
            throughput.once(path, "warm-up stream");
            for (int run = 1; run <= streamRuns; run++) {
                RunResult result = throughput.once(path, "stream " + run);
                streams.add(result);
                double rate = streamMib / result.transferSeconds();
                into.rates.add(rate);
                progress.detail(String.format("%s: stream %d of %d: %.1f MiB/s", mode, run, streamRuns, rate));
            }
            List<Double> echo = EchoLatency.measure(path, ECHO_WARMUP, keystrokes);
            into.echoMs.addAll(echo);
            Samples samples = Samples.of(echo);
            progress.detail(String.format("%s: echo p50 %.2f ms, p99 %.2f ms over %d keystrokes", mode,
                    samples.median(), samples.percentile(99), echo.size()));
            hoshu.requireAlive();
        }
        if (mode.equals(ON)) {
            List<GroupCommitLog> closed = GroupCommitLog.read(brokerLog);
            into.closed.addAll(closed);
            // The measured streams are the last streamRuns recordings of at least streamMib MiB, in order.
            List<GroupCommitLog> bulk = closed.stream()
                    .filter(c -> c.bytes() >= (long) streamMib * 1024 * 1024).toList();
            List<GroupCommitLog> measured = bulk.subList(Math.max(0, bulk.size() - streams.size()), bulk.size());
            for (int i = 0; i < measured.size() && i < streams.size(); i++) {
                double perSecond = measured.get(i).fsyncs() / streams.get(i).transferSeconds();
                into.fsyncsPerSecond.add(perSecond);
                progress.detail(String.format("stream %d: %d fsyncs, %.0f/s, %.1f lines per fsync", i + 1,
                        measured.get(i).fsyncs(), perSecond, measured.get(i).linesPerFsync()));
            }
        }
    }

    /** A run whose broker did not take the intended mode would compare nothing: it fails instead. */
    private static void requireMode(String mode, Path brokerLog) throws IOException {
        boolean off = Files.readString(brokerLog, StandardCharsets.UTF_8).contains("RECORDING IS OFF");
        if (off != mode.equals(OFF)) {
            throw new PathFailure("bench: the broker did not start with " + mode + " (see " + brokerLog + ")");
        }
    }
}
