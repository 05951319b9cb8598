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
 *
 * <p>Across nodes ({@code cut-fleet}): the quickstart's broker runs as node B of a fleet on a real redis-server and
 * holds the agent and the sessions; a second broker, node A, with a copy of B's PKI, takes every other cut, so each
 * condition gives the same-node and the across-nodes figures from interleaved cuts of one run.
 */
public final class CutBenchmark {

    /** Latency added on the agent's link in the second condition, each way. */
    static final long ADDED_LATENCY_MS = 200;
    /** The single-node target the issue sets for p99. */
    static final double TARGET_MS = 200;
    /** The target across broker nodes. */
    static final double FLEET_TARGET_MS = 500;
    /** Directory entries lapse after this in a cut-fleet run, so node A learns node B's sessions within 0.5 s. */
    private static final String FLEET_SESSION_TTL = "5s";
    /** Cuts per condition run first and left out of the figures (class loading, JIT). */
    static final int WARMUP = 3;
    private static final long CUT_LIMIT_MS = 30_000;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final int cuts;
    private final Path projectRoot;
    private final Path quickstart;
    private final Progress progress;
    private final boolean acrossNodes;

    public CutBenchmark(int cuts, Path projectRoot, Path quickstart, Progress progress) {
        this(cuts, projectRoot, quickstart, progress, false);
    }

    /** @param acrossNodes run as a two-node fleet on Redis, every other cut called on the node without the session */
    public CutBenchmark(int cuts, Path projectRoot, Path quickstart, Progress progress, boolean acrossNodes) {
        this.cuts = cuts;
        this.projectRoot = projectRoot;
        this.quickstart = quickstart;
        this.progress = progress;
        this.acrossNodes = acrossNodes;
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
        BenchRedis redis = acrossNodes ? BenchRedis.start(workDir.resolve("redis")) : null;
        SecondNode nodeA = null;
        try (HoshuSystem hoshu = startHoshu(tools, workDir, redis)) {
            progress.detail("hoshu: broker pid " + hoshu.broker().pid() + ", agent pid " + hoshu.agent().pid());
            BrokerApi across = null;
            if (acrossNodes) {
                progress.step("starting node A of the fleet with a copy of node B's PKI (shared state on redis-server "
                        + redis.address() + ")");
                nodeA = SecondNode.start(hoshu.broker().pid(), hoshu.dataDir().resolve("broker/pki"), "node-a",
                        workDir.resolve("node-a"), projectRoot);
                across = nodeA.api();
                progress.detail("node A: broker pid " + nodeA.pid());
            }
            SshKeys key = SshKeys.generate(workDir.resolve("engineer-key"), "cut-benchmark");
            Path knownHosts = workDir.resolve("known_hosts");
            Files.write(knownHosts, hoshu.knownHostsLines(), StandardCharsets.UTF_8);
            Path config = workDir.resolve("ssh_config");
            Files.writeString(config, new ClientConfig(knownHosts)
                    .host("hoshu", hoshu.sshPort(), HoshuSystem.DEVICE, key.privateKey(), null, null).render());
            Loop loop = new Loop(new BrokerApi(hoshu.httpPort(), hoshu.dataDir().resolve("cli")), across, config,
                    key.publicKey(), workDir);

            progress.step("agent link direct: " + cuts + " cuts");
            figures.addAll(figuresOf("direct", 0, loop.cuts(hoshu.agent().pid(), "direct")));

            progress.step("agent link with " + ADDED_LATENCY_MS + " ms added each way: restarting the agent through "
                    + "a delayed link");
            try (DelayedLink link = DelayedLink.start(hoshu.tunnelPort(), ADDED_LATENCY_MS);
                 RelinkedAgent agent = RelinkedAgent.through(hoshu.agent(), link,
                         hoshu.dataDir().resolve("agent-" + HoshuSystem.DEVICE), hoshu.logsDir().resolve("broker.log"),
                         projectRoot, workDir.resolve("agent-delayed.log"))) {
                progress.detail("agent pid " + agent.pid() + " online through 127.0.0.1:" + link.port());
                figures.addAll(figuresOf("+" + ADDED_LATENCY_MS + " ms each way", ADDED_LATENCY_MS,
                        loop.cuts(agent.pid(), "delayed")));
            }
        } finally {
            if (nodeA != null) {
                nodeA.close();
            }
            if (redis != null) {
                redis.close();
            }
        }
        return new Result(command, started.truncatedTo(ChronoUnit.SECONDS).toString(), Machine.detect().describe(),
                new LoadAverage(loadAtStart, LoadAverage.now()), cuts, WARMUP, acrossNodes ? FLEET_TARGET_MS : TARGET_MS,
                figures);
    }

    /** The quickstart as shipped, or as node B of a fleet on the given Redis. */
    private HoshuSystem startHoshu(ToolFolders tools, Path workDir, BenchRedis redis) {
        if (redis == null) {
            return HoshuSystem.start(projectRoot, quickstart, workDir, tools, progress);
        }
        return FirstNode.start(projectRoot, quickstart, workDir, tools, redis, "cut-bench", "node-b", FLEET_SESSION_TTL,
                progress);
    }

    /** One condition's figures: all its cuts on one node, or split into same node and across nodes. */
    private List<CutFigures> figuresOf(String condition, long latencyMs, List<CutSample> samples) {
        List<CutFigures> out = new ArrayList<>();
        if (!acrossNodes) {
            out.add(CutFigures.of(condition, latencyMs, samples));
        } else {
            out.add(CutFigures.of(condition + ", same node (call on B)", latencyMs,
                    samples.stream().filter(s -> s.node().equals("same")).toList()));
            out.add(CutFigures.of(condition + ", across nodes (call on A)", latencyMs,
                    samples.stream().filter(s -> s.node().equals("across")).toList()));
        }
        out.forEach(this::report);
        return out;
    }

    /** What a run leaves: the figures with their samples, the machine and its load. */
    public record Result(String command, String startedAt, String machine, LoadAverage load, int cutsPerCondition,
                         int warmupCuts, double targetMs, List<CutFigures> figures) {

        public String table() {
            if (targetMs == TARGET_MS) {
                return CutFigures.table(figures, targetMs);
            }
            // A fleet run: the same-node rows against the single-node target, the across-nodes rows against theirs.
            return CutFigures.table(figures.stream().filter(f -> f.condition().contains("same node")).toList(),
                    TARGET_MS) + "\n" + CutFigures.table(figures.stream()
                    .filter(f -> f.condition().contains("across nodes")).toList(), targetMs);
        }

        public Path write(Path resultsDir) throws IOException {
            Files.createDirectories(resultsDir);
            Path file = resultsDir.resolve("cut-" + startedAt.replace(":", "") + ".json");
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
            return file;
        }
    }

    private void report(CutFigures f) {
        progress.detail(String.format(f.condition() + ": API p50 %.1f / p99 %.1f ms; ssh closed p50 %.1f / p99 %.1f ms; "
                        + "tree gone p50 %.1f / p99 %.1f ms", f.api().p50(), f.api().p99(), f.sshClosed().p50(),
                f.sshClosed().p99(), f.treeGone().p50(), f.treeGone().p99()));
    }

    /** The cut loop against one agent process. */
    private final class Loop {

        private final BrokerApi api;
        /** Another node of the fleet, or {@code null} on one node. */
        private final BrokerApi across;
        private final Path config;
        private final String publicKey;
        private final Path workDir;
        private int serial;

        Loop(BrokerApi api, BrokerApi across, Path config, String publicKey, Path workDir) {
            this.api = api;
            this.across = across;
            this.config = config;
            this.publicKey = publicKey;
            this.workDir = workDir;
        }

        List<CutSample> cuts(long agentPid, String condition) throws IOException {
            List<CutSample> samples = new ArrayList<>();
            // Across nodes every cut is done as many times on each node, so each figure has its full count.
            int perCut = across == null ? 1 : 2;
            int warmup = WARMUP * perCut;
            for (int i = 0; i < warmup + cuts * perCut; i++) {
                // Across nodes, the node called alternates every cut and the kind every two: each pair of figures
                // shares the machine's drift.
                boolean elsewhere = across != null && i % 2 == 1;
                String how = (across == null ? i : i / 2) % 2 == 0 ? "kill" : "lock";
                CutSample sample = cut(agentPid, how, condition, elsewhere ? across : api, elsewhere);
                if (i >= warmup) {
                    samples.add(sample);
                }
                if ((i + 1) % 20 == 0) {
                    progress.detail(condition + ": " + (i + 1) + " of " + (warmup + cuts * perCut) + " cuts");
                }
            }
            return samples;
        }

        private CutSample cut(long agentPid, String how, String condition, BrokerApi caller, boolean elsewhere)
                throws IOException {
            int n = ++serial;
            Path certificate = workDir.resolve("cut-" + n + "-cert.pub");
            String grant = freshGrant(certificate);
            try (HeldSession held = HeldSession.open(config, certificate, workDir.resolve("ssh-" + n + ".log"))) {
                String session = sessionOf(grant);
                if (elsewhere) {
                    awaitListed(caller, session);
                }
                List<Long> tree = ProcessHandle.of(agentPid).orElseThrow(() -> new PathFailure(
                        "cut: the agent " + agentPid + " has stopped")).descendants().map(ProcessHandle::pid).toList();
                if (tree.isEmpty()) {
                    throw new PathFailure("cut: no tool process under the agent for session " + session);
                }
                CompletableFuture<Long> treeGone = CompletableFuture.supplyAsync(() -> awaitGone(agentPid, tree));
                String reason = "cut benchmark " + condition + " " + n;
                long t0 = System.nanoTime();
                if (how.equals("kill")) {
                    caller.post("tanaka", "/sessions/" + session + "/kill", Map.of("reason", reason));
                } else {
                    caller.post("tanaka", "/locks", Map.of("target", Map.of("kind", "session", "value", session),
                            "reason", reason));
                }
                long answered = System.nanoTime();
                long closed = held.awaitExit(CUT_LIMIT_MS);
                if (held.exitStatus() != 137) {
                    throw new PathFailure("cut: the engineer's ssh exited " + held.exitStatus() + ", not 137, after "
                            + how + " " + n);
                }
                long gone = treeGoneAt(treeGone, n);
                return new CutSample(how, ms(t0, answered), ms(t0, closed), ms(t0, gone), tree.size(),
                        elsewhere ? "across" : "same");
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

        /**
         * Waits, outside the measured time, until the other node lists the session from the fleet's directory: a cut
         * called there before would be a cut of a session it does not know yet (404), not a slow cut.
         */
        private void awaitListed(BrokerApi caller, String session) {
            boolean listed = dev.hoshu.bench.process.Deadline.in(java.time.Duration.ofSeconds(10)).await(() -> {
                for (JsonNode live : caller.get("tanaka", "/sessions")) {
                    if (session.equals(live.path("id").asString())) {
                        return true;
                    }
                }
                return false;
            });
            if (!listed) {
                throw new PathFailure("cut: node A did not list session " + session + " within 10 s");
            }
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
