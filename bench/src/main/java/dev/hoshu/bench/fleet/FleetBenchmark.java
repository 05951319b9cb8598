package dev.hoshu.bench.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.cut.BenchRedis;
import dev.hoshu.bench.cut.FirstNode;
import dev.hoshu.bench.cut.SecondNode;
import dev.hoshu.bench.hoshu.GrantCredentials;
import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.paths.ClientConfig;
import dev.hoshu.bench.paths.PathName;
import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.report.LoadAverage;
import dev.hoshu.bench.report.Machine;
import dev.hoshu.bench.tools.ToolFolders;
import dev.hoshu.bench.tunnels.AgentFleet;
import dev.hoshu.bench.tunnels.JoinTokenMint;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three broker nodes on one real redis-server: the quickstart's broker as node C, holding the real agent's tunnel to
 * the demo device, and two more packaged brokers, nodes A and B, with a copy of C's PKI and their own peer links. One
 * run measures, in order: the relay's cost (the same sessions through C and through A), sessions per second with
 * engineers on all three nodes at once, and simulated device tunnels spread over the three nodes as each node's gauge
 * counts them.
 */
public final class FleetBenchmark {

    static final String RELAYING = "node-a";
    static final String HOLDING = "node-c";
    private static final String ADMIN = "tanaka";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final FleetPlan plan;
    private final Path projectRoot;
    private final Path quickstart;
    private final Progress progress;

    public FleetBenchmark(FleetPlan plan, Path projectRoot, Path quickstart, Progress progress) {
        this.plan = plan;
        this.projectRoot = projectRoot;
        this.quickstart = quickstart;
        this.progress = progress;
    }

    /** Runs the three probes; returns the figures, or throws {@link PathFailure} with the one line why not. */
    public Result run(String command, Path workDir) throws IOException {
        Instant started = Instant.now();
        double loadAtStart = LoadAverage.now();
        String machine = Machine.detect().describe();
        progress.step("fleet benchmark (" + plan.mode() + "): three broker nodes on one redis-server, on " + machine);
        ToolFolders tools = new ToolFolders(workDir.resolve("tools"));
        tools.writeAll();
        List<SecondNode> others = new ArrayList<>();
        BenchRedis redis = BenchRedis.start(workDir.resolve("redis"));
        try (HoshuSystem nodeC = FirstNode.start(projectRoot, quickstart, workDir, tools, redis, "fleet-bench", HOLDING,
                "5s", progress);
             AgentFleet simulated = new AgentFleet(3)) {
            progress.detail(HOLDING + ": broker pid " + nodeC.broker().pid() + " holds the tunnel of "
                    + HoshuSystem.DEVICE + " (agent pid " + nodeC.agent().pid() + ")");
            List<FleetNode> nodes = new ArrayList<>();
            for (String name : List.of(RELAYING, "node-b")) {
                progress.step("starting " + name + " with a copy of " + HOLDING + "'s PKI (redis-server "
                        + redis.address() + ")");
                SecondNode node = SecondNode.start(nodeC.broker().pid(), nodeC.dataDir().resolve("broker/pki"), name,
                        workDir.resolve(name), projectRoot);
                others.add(node);
                nodes.add(new FleetNode(name, node.httpPort(), node.sshPort(), node.tunnelPort()));
                progress.detail(name + ": broker pid " + node.pid());
            }
            nodes.add(new FleetNode(HOLDING, nodeC.httpPort(), nodeC.sshPort(), nodeC.tunnelPort()));
            progress.step("a grant for the bench tools on " + HoshuSystem.DEVICE + ", asked and approved on "
                    + HOLDING);
            GrantCredentials grant = nodeC.grantForBenchTools(progress);
            List<SshPath> paths = sshPaths(nodes, grant, tools, workDir);
            SshPath local = paths.get(2);
            SshPath relayed = paths.get(0);

            progress.step("relayed vs local: " + plan.latencyRuns() + " interleaved rounds, each a bench-noop run and "
                    + plan.keystrokesPerRun() + " echoed keystrokes through " + HOLDING + " and through " + RELAYING);
            List<Distribution> latency = RelayLatency.measure(local, relayed, plan, progress);
            latency.forEach(d -> progress.detail(String.format("%s %s: p50 %.1f / p90 %.1f / p99 %.1f ms (n=%d)",
                    d.probe(), d.through(), d.p50(), d.p90(), d.p99(), d.count())));
            requireAlive(nodeC, others);

            int engineers = plan.engineersPerNode() * nodes.size();
            progress.step("sessions per second, baseline: all " + engineers + " engineers on " + HOLDING + " for "
                    + plan.rateWindow().toSeconds() + " s");
            NodeRate baseline = SessionRate.measure(List.of(local), engineers, plan.rateWindow(), progress).get(0);
            reportRate(baseline);
            requireAlive(nodeC, others);
            progress.step("sessions per second across the fleet: " + plan.engineersPerNode() + " engineers on each "
                    + "node for " + plan.rateWindow().toSeconds() + " s");
            List<NodeRate> rates = SessionRate.measure(paths, plan.engineersPerNode(), plan.rateWindow(), progress);
            rates.forEach(this::reportRate);
            requireAlive(nodeC, others);

            progress.step("agents across nodes: " + plan.agentsPerNode() + " simulated devices enrolled at and "
                    + "dialling each node");
            List<NodeTunnels> tunnels = SpreadAgents.connect(nodes, Map.of(HOLDING, 1),
                    JoinTokenMint.as(nodeC.cliHome(ADMIN), nodeC.httpPort()), simulated, plan.agentsPerNode(), progress);
            tunnels.forEach(t -> progress.detail(t.node() + ": hoshu_tunnels_connected " + t.gauge() + " (dialled "
                    + t.dialled() + ")"));
            requireAlive(nodeC, others);
            Result result = new Result(command, started.truncatedTo(ChronoUnit.SECONDS).toString(), machine,
                    new LoadAverage(loadAtStart, LoadAverage.now()), plan, latency, baseline, rates, tunnels);
            progress.step("stopping the fleet");
            return result;
        } finally {
            others.forEach(SecondNode::close);
            redis.close();
        }
    }

    /** One ssh host per node, all with the same grant certificate: only the port differs. */
    private static List<SshPath> sshPaths(List<FleetNode> nodes, GrantCredentials grant, ToolFolders tools,
                                          Path workDir) throws IOException {
        List<String> knownHosts = new ArrayList<>();
        ClientConfig config = new ClientConfig(workDir.resolve("known_hosts"));
        for (FleetNode node : nodes) {
            knownHosts.addAll(HoshuSystem.knownHostsLines(node.sshPort()));
            config.host(node.name(), node.sshPort(), HoshuSystem.DEVICE, grant.privateKey(), grant.certificate(), null);
        }
        Files.write(workDir.resolve("known_hosts"), knownHosts, StandardCharsets.UTF_8);
        Path file = workDir.resolve("ssh_config");
        Files.writeString(file, config.render(), StandardCharsets.UTF_8);
        return nodes.stream().map(node -> new SshPath(PathName.HOSHU, file, node.name(), tools)).toList();
    }

    private void reportRate(NodeRate r) {
        progress.detail(String.format("%s: %d sessions, %.1f/s, median %.0f ms, %d errors", r.node(), r.sessions(),
                r.perSecond(), r.medianMillis(), r.errors()));
    }

    private static void requireAlive(HoshuSystem nodeC, List<SecondNode> others) {
        nodeC.requireAlive();
        for (SecondNode node : others) {
            if (!ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                throw new PathFailure("fleet: the broker of a node (pid " + node.pid() + ") has stopped");
            }
        }
    }

    /** What a run leaves: the three probes' figures, the machine and its load. */
    public record Result(String command, String startedAt, String machine, LoadAverage load, FleetPlan plan,
                         List<Distribution> latency, NodeRate oneNodeSessions, List<NodeRate> sessions,
                         List<NodeTunnels> tunnels) {

        public String table() {
            return FleetTable.render(this);
        }

        public Path write(Path resultsDir) throws IOException {
            Files.createDirectories(resultsDir);
            Path file = resultsDir.resolve("fleet-" + startedAt.replace(":", "") + ".json");
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
            return file;
        }
    }
}
