package dev.hoshu.bench.cut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.openssh.SshKeys;
import dev.hoshu.bench.paths.ClientConfig;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.report.LoadAverage;
import dev.hoshu.bench.report.Machine;
import dev.hoshu.bench.tools.ToolFolders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How fast a cut takes effect on one broker node. For each cut: a fresh grant through the API (a cut revokes its
 * grant), the engineer's real {@code ssh} running the demo {@code selftest} (a shell with a helper process), the
 * tool's process tree as seen under the agent; then, from just before hospital staff's API call (a kill, or a session lock, alternately), the time
 * until the call answered, until {@code ssh} exited, and until no process of the tree runs in /proc. Done with the
 * agent's link direct, then with {@value #ADDED_LATENCY_MS} ms added each way on it.
 */
public final class CutBenchmark {

    /** Latency added on the agent's link in the second condition, each way. */
    static final long ADDED_LATENCY_MS = 200;
    /** The single-node target the issue sets for p99. */
    static final double TARGET_MS = 200;
    /** Cuts per condition run first and left out of the figures (class loading, JIT). */
    static final int WARMUP = 3;
    private static final long CUT_LIMIT_MS = 30_000;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final int cuts;
    private final Path projectRoot;
    private final Path quickstart;
    private final Progress progress;

    public CutBenchmark(int cuts, Path projectRoot, Path quickstart, Progress progress) {
        this.cuts = cuts;
        this.projectRoot = projectRoot;
        this.quickstart = quickstart;
        this.progress = progress;
    }

    /** Runs both conditions; returns the figures, or throws {@link PathFailure} with the one line why not. */
    public Result run(String command, Path workDir) throws IOException {
        Instant started = Instant.now();
        double loadAtStart = LoadAverage.now();
        progress.step("cut benchmark: " + cuts + " cuts per condition (+" + WARMUP + " warm-up) on "
                + Machine.detect().describe());
        ToolFolders tools = new ToolFolders(workDir.resolve("tools"));
        tools.writeAll();
        List<CutFigures> figures = new ArrayList<>();
        try (HoshuSystem hoshu = HoshuSystem.start(projectRoot, quickstart, workDir, tools, progress)) {
            progress.detail("hoshu: broker pid " + hoshu.broker().pid() + ", agent pid " + hoshu.agent().pid());
            SshKeys key = SshKeys.generate(workDir.resolve("engineer-key"), "cut-benchmark");
            Path knownHosts = workDir.resolve("known_hosts");
            Files.write(knownHosts, hoshu.knownHostsLines(), StandardCharsets.UTF_8);
            Path config = workDir.resolve("ssh_config");
            Files.writeString(config, new ClientConfig(knownHosts)
                    .host("hoshu", hoshu.sshPort(), HoshuSystem.DEVICE, key.privateKey(), null, null).render());
            Loop loop = new Loop(new BrokerApi(hoshu.httpPort(), hoshu.dataDir().resolve("cli")), config,
                    key.publicKey(), workDir);

            progress.step("agent link direct: " + cuts + " cuts");
            figures.add(CutFigures.of("direct", 0, loop.cuts(hoshu.agent().pid(), "direct")));
            report(figures.get(0));

            progress.step("agent link with " + ADDED_LATENCY_MS + " ms added each way: restarting the agent through "
                    + "a delayed link");
            try (DelayedLink link = DelayedLink.start(hoshu.tunnelPort(), ADDED_LATENCY_MS);
                 RelinkedAgent agent = RelinkedAgent.through(hoshu.agent(), link,
                         hoshu.dataDir().resolve("agent-" + HoshuSystem.DEVICE), hoshu.logsDir().resolve("broker.log"),
                         projectRoot, workDir.resolve("agent-delayed.log"))) {
                progress.detail("agent pid " + agent.pid() + " online through 127.0.0.1:" + link.port());
                figures.add(CutFigures.of("+" + ADDED_LATENCY_MS + " ms each way", ADDED_LATENCY_MS,
                        loop.cuts(agent.pid(), "delayed")));
                report(figures.get(1));
            }
        }
        return new Result(command, started.truncatedTo(ChronoUnit.SECONDS).toString(), Machine.detect().describe(),
                new LoadAverage(loadAtStart, LoadAverage.now()), cuts, WARMUP, TARGET_MS, figures);
    }

    /** What a run leaves: the figures with their samples, the machine and its load. */
    public record Result(String command, String startedAt, String machine, LoadAverage load, int cutsPerCondition,
                         int warmupCuts, double targetMs, List<CutFigures> figures) {

        public String table() {
            return CutFigures.table(figures, targetMs);
        }

        public Path write(Path resultsDir) throws IOException {
            Files.createDirectories(resultsDir);
            Path file = resultsDir.resolve("cut-" + startedAt.replace(":", "") + ".json");
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
            return file;
        }
    }

    private void report(CutFigures f) {
        progress.detail(String.format("API p50 %.1f / p99 %.1f ms; ssh closed p50 %.1f / p99 %.1f ms; "
                        + "tree gone p50 %.1f / p99 %.1f ms", f.api().p50(), f.api().p99(), f.sshClosed().p50(),
                f.sshClosed().p99(), f.treeGone().p50(), f.treeGone().p99()));
    }

    /** The cut loop against one agent process. */
    private final class Loop {

        private final BrokerApi api;
        private final Path config;
        private final String publicKey;
        private final Path workDir;
        private int serial;

        Loop(BrokerApi api, Path config, String publicKey, Path workDir) {
            this.api = api;
            this.config = config;
            this.publicKey = publicKey;
            this.workDir = workDir;
        }

        List<CutSample> cuts(long agentPid, String condition) throws IOException {
            List<CutSample> samples = new ArrayList<>();
            for (int i = 0; i < WARMUP + cuts; i++) {
                CutSample sample = cut(agentPid, i % 2 == 0 ? "kill" : "lock", condition);
                if (i >= WARMUP) {
                    samples.add(sample);
                }
                if ((i + 1) % 20 == 0) {
                    progress.detail(condition + ": " + (i + 1) + " of " + (WARMUP + cuts) + " cuts");
                }
            }
            return samples;
        }

        private CutSample cut(long agentPid, String how, String condition) throws IOException {
            int n = ++serial;
            Path certificate = workDir.resolve("cut-" + n + "-cert.pub");
            String grant = freshGrant(certificate);
            try (HeldSession held = HeldSession.open(config, certificate, workDir.resolve("ssh-" + n + ".log"))) {
                String session = sessionOf(grant);
                List<Long> tree = ProcessHandle.of(agentPid).orElseThrow(() -> new PathFailure(
                        "cut: the agent " + agentPid + " has stopped")).descendants().map(ProcessHandle::pid).toList();
                if (tree.isEmpty()) {
                    throw new PathFailure("cut: no tool process under the agent for session " + session);
                }
                CompletableFuture<Long> treeGone = CompletableFuture.supplyAsync(() -> awaitGone(agentPid, tree));
                String reason = "cut benchmark " + condition + " " + n;
                long t0 = System.nanoTime();
                if (how.equals("kill")) {
                    api.post("tanaka", "/sessions/" + session + "/kill", Map.of("reason", reason));
                } else {
                    api.post("tanaka", "/locks", Map.of("target", Map.of("kind", "session", "value", session),
                            "reason", reason));
                }
                long answered = System.nanoTime();
                long closed = held.awaitExit(CUT_LIMIT_MS);
                if (held.exitStatus() != 137) {
                    throw new PathFailure("cut: the engineer's ssh exited " + held.exitStatus() + ", not 137, after "
                            + how + " " + n);
                }
                long gone = treeGoneAt(treeGone, n);
                return new CutSample(how, ms(t0, answered), ms(t0, closed), ms(t0, gone), tree.size());
            }
        }

        /** A cut revokes its grant, so each cut gets its own: asked by sato, approved by tanaka, certified. */
        private String freshGrant(Path certificate) throws IOException {
            Map<String, Object> ask = new LinkedHashMap<>();
            ask.put("device", HoshuSystem.DEVICE);
            ask.put("category", "MAINTENANCE");
            ask.put("tools", List.of(HeldSession.TOOL));
            ask.put("reason", "cut benchmark");
            ask.put("durationMinutes", 30);
            String request = api.post("sato", "/requests", ask).path("id").asString();
            String grant = api.post("tanaka", "/requests/" + request + "/approve", Map.of()).path("grant")
                    .path("id").asString();
            if (grant.isBlank()) {
                throw new PathFailure("cut: approving " + request + " made no grant");
            }
            JsonNode issued = api.post("sato", "/grants/" + grant + "/certificate", Map.of("publicKey", publicKey));
            Files.writeString(certificate, issued.path("certificate").asString().strip() + "\n",
                    StandardCharsets.UTF_8);
            return grant;
        }

        private String sessionOf(String grant) {
            for (JsonNode session : api.get("tanaka", "/sessions")) {
                if (grant.equals(session.path("grantId").asString())) {
                    return session.path("id").asString();
                }
            }
            throw new PathFailure("cut: no live session of grant " + grant + " although selftest is running");
        }
    }

    /**
     * Polls /proc until no process of the tree first seen runs and the agent has no other child process left (the
     * selftest starts a short sleep every second); returns when (System.nanoTime).
     */
    private static long awaitGone(long agentPid, List<Long> tree) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CUT_LIMIT_MS);
        while (System.nanoTime() < deadline) {
            if (tree.stream().noneMatch(CutBenchmark::running) && ProcessHandle.of(agentPid).stream()
                    .flatMap(ProcessHandle::descendants).noneMatch(p -> running(p.pid()))) {
                return System.nanoTime();
            }
            try {
                TimeUnit.MICROSECONDS.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return -1;
    }

    private static long treeGoneAt(CompletableFuture<Long> treeGone, int n) {
        try {
            long at = treeGone.get(CUT_LIMIT_MS + 5_000, TimeUnit.MILLISECONDS);
            if (at < 0) {
                throw new PathFailure("cut: processes of the tool's tree still ran " + CUT_LIMIT_MS + " ms after cut "
                        + n);
            }
            return at;
        } catch (ExecutionException | TimeoutException e) {
            throw new PathFailure("cut: could not watch the tool's tree of cut " + n, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PathFailure("cut: interrupted", e);
        }
    }

    /** Running in /proc terms: a zombie runs nothing. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static double ms(long from, long to) {
        return (to - from) / 1e6;
    }
}
