package dev.hoshu.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.hoshu.bench.cut.CutBenchmark;
import dev.hoshu.bench.fleet.FleetBenchmark;
import dev.hoshu.bench.fleet.FleetPlan;
import dev.hoshu.bench.recording.RecordingBench;
import dev.hoshu.bench.paths.PathName;
import dev.hoshu.bench.tunnels.TunnelBench;
import dev.hoshu.bench.tunnels.TunnelFigures;
import dev.hoshu.bench.tunnels.TunnelPlan;
import dev.hoshu.bench.tunnels.TunnelReport;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.report.BenchReport;
import dev.hoshu.bench.report.BenchmarksDoc;
import dev.hoshu.bench.report.MarkdownTable;
import dev.hoshu.bench.report.ResultFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/bench quick|full}: measures Hoshu against direct ssh and a ProxyJump bastion on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures session set-up, throughput, concurrency and per-session broker memory of Hoshu "
                + "against direct OpenSSH and an OpenSSH ProxyJump bastion, all on 127.0.0.1, with the real ssh client.",
                "cut and cut-quick measure instead how fast a kill or lock takes effect: from the API call to the "
                        + "engineer's ssh closing and to the tool's process tree gone, with the agent's link direct and "
                        + "with 200 ms added each way.",
                "Exit status: 0 when every measured path worked, 1 when one failed (the figures are then not a result), "
                        + "2 for a usage error."})
public final class BenchCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "MODE", description = "quick (about 3 minutes), full (the issue's sizes), "
            + "tunnels (device tunnels at scale: idle tunnels, handshakes per second, reconnect storm), "
            + "cut-quick (40 cuts per condition), cut (200 cuts per condition), cut-fleet and cut-fleet-quick (the same "
            + "with two broker nodes on a redis-server, every other cut called on the node without the session), "
            + "fleet and fleet-quick (three broker nodes on a redis-server: relayed vs local sessions, sessions per "
            + "second and agents across the nodes) or "
            + "recording (recording on vs. off: "
            + "throughput and keystroke echo latency)")
    String mode;

    @Option(names = "--rounds", paramLabel = "N",
            description = "recording: rounds, each starting Hoshu once with recording on and once off (1-20; default 2)")
    Integer recordingRounds;

    @Option(names = "--keystrokes", paramLabel = "N", description = "recording: keystrokes echoed per mode and round "
            + "(10-10000; default 300)")
    Integer keystrokes;

    @Option(names = "--cuts", paramLabel = "N", description = "cuts per condition in the cut modes (1-1000)")
    Integer cuts;

    @Option(names = "--paths", split = ",", paramLabel = "PATH",
            description = "direct, proxyjump, hoshu (default: all three; fewer makes the run 'partial')")
    List<String> pathNames = new ArrayList<>();

    @Option(names = "--setup-runs", paramLabel = "N", description = "interleaved set-up rounds (1-500; default by mode); fleet modes: relayed vs local rounds "
            + "(1-1000; default 20 quick, 100 full)")
    Integer setupRuns;

    @Option(names = "--stream-mib", paramLabel = "MIB", description = "MiB per throughput run (1-4096; default by mode)")
    Integer streamMib;

    @Option(names = "--root", paramLabel = "DIR", description = "the Hoshu checkout (default: $HOSHU_ROOT or .)")
    Path root = Path.of(System.getProperty("hoshu.root", System.getenv().getOrDefault("HOSHU_ROOT", ".")));

    @Option(names = "--quickstart", paramLabel = "FILE", description = "what starts Hoshu (default: ROOT/bin/quickstart)")
    Path quickstart;

    @Option(names = "--results", paramLabel = "DIR", description = "where the JSON goes (default: ROOT/bench/results)")
    Path results;

    @Option(names = "--doc", paramLabel = "FILE",
            description = "complete runs are appended here (default: ROOT/docs/benchmarks.md)")
    Path doc;

    @Option(names = "--no-doc", description = "do not append to the doc")
    boolean noDoc;

    @Option(names = "--work", paramLabel = "DIR",
            description = "parent of the run's folder for servers, keys and Hoshu data (default: the temp dir); "
                    + "removed after a run that worked, kept for its logs after one that failed")
    Path work;

    @Option(names = "--agents", paramLabel = "N", description = "tunnels: simulated agents (default 1000; the issue's target is 20000)")
    int agents = 1000;

    @Option(names = "--sources", paramLabel = "N", description = "tunnels: loopback source addresses 127.0.0.2… (default 8)")
    int sources = 8;

    @Option(names = "--hold", paramLabel = "SECONDS", description = "tunnels: how long the idle tunnels are held (default 60)")
    int holdSeconds = 60;

    @Option(names = "--broker-heap", paramLabel = "SIZE", description = "tunnels: the broker's -Xmx (default 2g)")
    String brokerHeap = "2g";

    @Option(names = "--broker-setting", paramLabel = "hoshu.KEY=VALUE",
            description = "tunnels: a broker setting to try, as a Java system property (repeatable)")
    List<String> brokerSettings = new ArrayList<>();

    @Option(names = "--enrol-threads", paramLabel = "N", description = "tunnels: enrollments at a time (default 4)")
    int enrolThreads = 4;

    @Option(names = "--storm-target", paramLabel = "SECONDS",
            description = "tunnels: every agent back within this long after a broker restart (default 60)")
    int stormTargetSeconds = 60;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            e.getCommandLine().getErr().println("bench: refused: " + OneLine.of(e.getMessage())
                    + " (see bin/bench --help)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("bench: FAILED: " + OneLine.of(e.getMessage()));
            return FAILED;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws IOException {
        if ("tunnels".equals(mode)) {
            return tunnels();
        }
        if (mode.equals("cut") || mode.equals("cut-quick") || mode.equals("cut-fleet")
                || mode.equals("cut-fleet-quick")) {
            return cutBenchmark();
        }
        if (mode.equals("recording")) {
            return recordingBenchmark();
        }
        if (mode.equals("fleet") || mode.equals("fleet-quick")) {
            return fleetBenchmark();
        }
        BenchPlan plan = plan();
        Set<PathName> paths = paths();
        Path projectRoot = root.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(out);
        Path workDir = workDir("hoshu-bench-");
        BenchReport report = new BenchRun(plan, paths, projectRoot,
                quickstart != null ? quickstart : projectRoot.resolve("bin/quickstart"), progress)
                .run(commandText(), workDir);

        Path resultsDir = resultsDir(projectRoot);
        Instant started = Instant.parse(report.startedAt());
        Path resultFile = ResultFile.write(resultsDir, started, report);
        keepProfiles(workDir, resultsDir, resultFile);
        out.println();
        out.print(MarkdownTable.render(report));
        out.println();
        out.println("result file: " + resultFile);
        if (BenchReport.COMPLETE.equals(report.status()) && !noDoc) {
            Path docFile = doc != null ? doc : projectRoot.resolve("docs/benchmarks.md");
            BenchmarksDoc.append(docFile, report, resultFile);
            out.println("appended to " + docFile);
        }
        out.flush();
        if (BenchReport.FAILED.equals(report.status())) {
            err.println("bench: FAILED: " + report.failure() + " (logs kept in " + workDir + ")");
            return FAILED;
        }
        removeRecursively(workDir);
        return 0;
    }

    private Integer tunnels() throws IOException {
        TunnelPlan plan;
        try {
            if (holdSeconds < 1 || holdSeconds > 3600 || stormTargetSeconds < 1 || stormTargetSeconds > 3600) {
                throw new IllegalArgumentException("--hold and --storm-target must be 1 to 3600 seconds");
            }
            plan = new TunnelPlan(agents, sources, Duration.ofSeconds(holdSeconds), brokerHeap, enrolThreads,
                    Duration.ofSeconds(stormTargetSeconds), brokerSettings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path projectRoot = root.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        Path workDir = workDir("hoshu-tunnels-");
        TunnelFigures figures = new TunnelBench(plan, projectRoot,
                quickstart != null ? quickstart : projectRoot.resolve("bin/quickstart"), new Progress(out))
                .run(commandText(), workDir);
        Path resultFile = TunnelReport.write(resultsDir(projectRoot), figures);
        out.println();
        out.print(TunnelReport.render(figures));
        out.println();
        out.println("result file: " + resultFile);
        if (figures.complete() && !noDoc) {
            Path docFile = doc != null ? doc : projectRoot.resolve("docs/benchmarks.md");
            TunnelReport.append(docFile, figures, resultFile);
            out.println("appended to " + docFile);
        }
        out.flush();
        if (!figures.complete()) {
            spec.commandLine().getErr().println("bench: FAILED: " + figures.failure() + " (logs kept in " + workDir + ")");
            return FAILED;
        }
        removeRecursively(workDir);
        return 0;
    }

    /** The cut modes: one broker node, figures printed and kept as JSON; docs/benchmarks.md quotes them by hand. */
    private int cutBenchmark() throws IOException {
        boolean fleet = mode.startsWith("cut-fleet");
        int perCondition = bounded("--cuts", cuts, mode.equals("cut") || mode.equals("cut-fleet") ? 200 : 40, 1000);
        Path projectRoot = root.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        return reported("hoshu-cut-", workDir -> {
            CutBenchmark.Result result = new CutBenchmark(perCondition, projectRoot,
                    quickstart != null ? quickstart : projectRoot.resolve("bin/quickstart"), new Progress(out), fleet)
                    .run(commandText(), workDir);
            return new Reported(result.table(), result.write(resultsDir(projectRoot)));
        });
    }

    /** Three nodes on a redis-server: figures printed and kept as JSON; docs/benchmarks.md quotes them by hand. */
    private int fleetBenchmark() throws IOException {
        FleetPlan base = mode.equals("fleet") ? FleetPlan.FULL : FleetPlan.QUICK;
        FleetPlan plan = base.withLatencyRuns(bounded("--setup-runs", setupRuns, base.latencyRuns(), 1000));
        Path projectRoot = root.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        return reported("hoshu-fleet-", workDir -> {
            FleetBenchmark.Result result = new FleetBenchmark(plan, projectRoot,
                    quickstart != null ? quickstart : projectRoot.resolve("bin/quickstart"), new Progress(out))
                    .run(commandText(), workDir);
            return new Reported(result.table(), result.write(resultsDir(projectRoot)));
        });
    }

    /** Recording on vs. off: figures printed and kept as JSON; docs/benchmarks.md quotes them by hand. */
    private int recordingBenchmark() throws IOException {
        int rounds = bounded("--rounds", recordingRounds, 2, 20);
        int mib = bounded("--stream-mib", streamMib, 64, 4096);
        int keys = bounded("--keystrokes", keystrokes, 300, 10000);
        if (keys < 10) {
            throw new ParameterException(spec.commandLine(), "--keystrokes must be 10 to 10000, not " + keys);
        }
        Path projectRoot = root.toAbsolutePath().normalize();
        PrintWriter out = spec.commandLine().getOut();
        return reported("hoshu-recording-", workDir -> {
            RecordingBench.Result result = new RecordingBench(rounds, mib, 3, keys, projectRoot,
                    quickstart != null ? quickstart : projectRoot.resolve("bin/quickstart"), new Progress(out))
                    .run(commandText(), workDir);
            return new Reported(result.table(), result.write(resultsDir(projectRoot)));
        });
    }

    /** A benchmark's table and the JSON file it was kept in. */
    private record Reported(String table, Path file) {
    }

    private interface WorkDirRun {
        Reported run(Path workDir) throws IOException;
    }

    /** Runs in a fresh work folder, prints the table and the result file, and keeps the logs only on a failure. */
    private int reported(String prefix, WorkDirRun run) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path workDir = workDir(prefix);
        try {
            Reported reported = run.run(workDir);
            out.println();
            out.print(reported.table());
            out.println();
            out.println("result file: " + reported.file());
            out.flush();
            removeRecursively(workDir);
            return 0;
        } catch (PathFailure e) {
            spec.commandLine().getErr().println("bench: FAILED: " + e.getMessage() + " (logs kept in " + workDir + ")");
            return FAILED;
        }
    }

    private Path workDir(String prefix) throws IOException {
        return work != null ? Files.createTempDirectory(Files.createDirectories(work), prefix)
                : Files.createTempDirectory(prefix);
    }

    private Path resultsDir(Path projectRoot) {
        return results != null ? results : projectRoot.resolve("bench/results");
    }

    private BenchPlan plan() {
        BenchPlan base = switch (mode) {
            case "quick" -> BenchPlan.QUICK;
            case "full" -> BenchPlan.FULL;
            default -> throw new ParameterException(spec.commandLine(), "unknown mode '" + mode
                    + "' (use quick, full, tunnels, cut-quick, cut, cut-fleet-quick, cut-fleet, fleet-quick, fleet or recording)");
        };
        int rounds = bounded("--setup-runs", setupRuns, base.setupRounds(), 500);
        int mib = bounded("--stream-mib", streamMib, base.streamMib(), 4096);
        return new BenchPlan(base.mode(), base.warmupRuns(), rounds, mib, base.throughputRounds(), base.concurrency(),
                base.liveSessions());
    }

    private int bounded(String option, Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be 1 to " + max + ", not " + value);
        }
        return value;
    }

    private Set<PathName> paths() {
        Set<PathName> chosen = EnumSet.noneOf(PathName.class);
        for (String name : pathNames) {
            try {
                chosen.add(PathName.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return chosen.isEmpty() ? EnumSet.allOf(PathName.class) : chosen;
    }

    private String commandText() {
        List<String> words = new ArrayList<>(List.of("bin/bench"));
        words.addAll(spec.commandLine().getParseResult().originalArgs());
        return String.join(" ", words);
    }

    /** The flight recordings are the evidence for the profile summary; they outlive the work folder. */
    private static void keepProfiles(Path workDir, Path resultsDir, Path resultFile) throws IOException {
        Path profiles = workDir.resolve("profile");
        if (!Files.isDirectory(profiles)) {
            return;
        }
        String stem = resultFile.getFileName().toString().replace(".json", "");
        try (Stream<Path> files = Files.list(profiles)) {
            for (Path jfr : files.filter(f -> f.toString().endsWith(".jfr")).toList()) {
                Files.copy(jfr, resultsDir.resolve(stem + "-" + jfr.getFileName()));
            }
        }
    }

    private static void removeRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
