package dev.hoshu.bench.hoshu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.jvm.JvmProcess;
import dev.hoshu.bench.process.CommandOutput;
import dev.hoshu.bench.process.Deadline;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;
import dev.hoshu.bench.tools.BenchTool;
import dev.hoshu.bench.tools.ToolFolders;

/**
 * A broker with agent CT-01, run by {@code bin/quickstart} exactly as a user would start it, serving
 * the bench tools next to the demo ones. The harness owns the quickstart process and stops it (and,
 * should it linger, the broker and agent it started) when done.
 */
public final class HoshuSystem implements AutoCloseable {

    public static final String DEVICE = "CT-01";
    private static final String ENGINEER = "sato";
    private static final String APPROVER = "tanaka";
    private static final String OPERATOR = "ops";
    private static final String MANUFACTURER = "hoshu-demo-mfr";
    private static final String COMPANY = "medserve";
    // Generous: the quickstart may first have to build Hoshu, and 2 cores shared with Maven are slow.
    private static final Duration START_LIMIT = Duration.ofMinutes(15);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(HoshuSystem.class);

    private final Process quickstart;
    private final Path dataDir;
    private final Path log;
    private final QuickstartPorts ports;
    private final HoshuCli cli;
    private JvmProcess broker;
    private JvmProcess agent;

    private HoshuSystem(Process quickstart, Path dataDir, Path log, QuickstartPorts ports, HoshuCli cli) {
        this.quickstart = quickstart;
        this.dataDir = dataDir;
        this.log = log;
        this.ports = ports;
        this.cli = cli;
    }

    /**
     * Launches the quickstart and returns at once; {@link #awaitRunning} waits for it. The caller
     * owns the result from here on, so it can be stopped while it is still starting.
     *
     * @param projectRoot the checkout with bin/hoshu and the built jars
     * @param quickstart  normally {@code projectRoot/bin/quickstart}
     * @throws PathFailure if the quickstart is missing or cannot be started
     */
    public static HoshuSystem launch(Path projectRoot, Path quickstart, Path folder, ToolFolders tools) {
        return launch(projectRoot, quickstart, folder, QuickstartPorts.free(),
                Map.of("HOSHU_EXTRA_TOOLS", tools.root().toAbsolutePath().toString()));
    }

    /**
     * As {@link #launch(Path, Path, Path, ToolFolders)}, on the given ports and with further quickstart environment
     * (such as {@code HOSHU_JAVA_OPTS}); launching again on the same folder and ports restarts the same broker.
     */
    public static HoshuSystem launch(Path projectRoot, Path quickstart, Path folder, QuickstartPorts ports,
                                     Map<String, String> extraEnvironment) {
        if (!Files.isExecutable(quickstart)) {
            throw new PathFailure("hoshu: " + quickstart + " is missing or not executable");
        }
        Path dataDir = folder.resolve("hoshu-data");
        Path log = folder.resolve("quickstart.log");
        Map<String, String> environment = new HashMap<>(ports.environment());
        environment.put("HOSHU_DATA", dataDir.toString());
        environment.putAll(extraEnvironment);
        Process process = ExternalCommand.start(ExternalCommand.prepare(List.of(quickstart.toString()), environment)
                .directory(projectRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(ExternalCommand.DEV_NULL)));
        return new HoshuSystem(process, dataDir, log, ports, new HoshuCli(projectRoot.resolve("bin/hoshu"), dataDir));
    }

    /** {@link #launch} and {@link #awaitRunning} in one, stopping what was launched if it never runs. */
    public static HoshuSystem start(Path projectRoot, Path quickstart, Path folder, ToolFolders tools,
                                    Progress progress) {
        HoshuSystem system = launch(projectRoot, quickstart, folder, tools);
        try {
            system.awaitRunning(progress);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /**
     * Follows the quickstart's output until it reports Hoshu running, then finds the broker and agent.
     *
     * @throws PathFailure if the quickstart stops or does not report Hoshu running in time
     */
    public void awaitRunning(Progress progress) {
        awaitRunningLine(progress);
        broker = findJvm("broker", "hoshu-broker.jar");
        agent = findJvm("agent", "hoshu-device-agent.jar");
    }

    /**
     * The quickstart's tool contract covers the demo tools only; as for any new tool, the platform operator records
     * the manufacturer's consent that the engineer's company uses the bench tools.
     */
    private void consentToBenchTools(Progress progress) {
        cli.login(OPERATOR, "http://127.0.0.1:" + ports.http(), "127.0.0.1:" + ports.ssh());
        List<String> contract = new ArrayList<>(List.of("contracts", "add-tools", "--manufacturer", MANUFACTURER,
                "--company", COMPANY, "--from", "2025-01-01", "--until", "2036-01-01"));
        for (BenchTool tool : BenchTool.values()) {
            contract.addAll(List.of("--tool", tool.toolName()));
        }
        cli.as(OPERATOR, contract.toArray(String[]::new));
        progress.detail("hoshu: " + OPERATOR + " recorded " + MANUFACTURER + "'s consent for " + COMPANY
                + " to use the bench tools");
    }

    /** Asks for, approves and fetches a certificate for a grant covering every bench tool. */
    public GrantCredentials grantForBenchTools(Progress progress) {
        consentToBenchTools(progress);
        List<String> request = new ArrayList<>(List.of("request", DEVICE));
        for (BenchTool tool : BenchTool.values()) {
            request.addAll(List.of("--tool", tool.toolName()));
        }
        request.addAll(List.of("--category", "MAINTENANCE", "--reason", "benchmark run", "--minutes", "240"));
        String requestId = HoshuCli.idIn("r", cli.as(ENGINEER, request.toArray(String[]::new)).stdout());
        String grantId = HoshuCli.idIn("g", cli.as(APPROVER, "approve", requestId).stdout());
        progress.detail("hoshu: " + ENGINEER + " asked (" + requestId + "), " + APPROVER + " approved: grant " + grantId);
        // The first session through the CLI fetches the grant certificate; after that plain ssh is used.
        CommandOutput first = cli.as(ENGINEER, "ssh", DEVICE, BenchTool.NOOP.toolName());
        if (!first.stdout().equals(BenchTool.NOOP_OUTPUT)) {
            throw new PathFailure("hoshu: the first bench-noop session printed " + OneLine.of(first.stdout())
                    + " instead of ok");
        }
        Path keys = cli.home(ENGINEER).resolve("keys");
        GrantCredentials credentials = new GrantCredentials(grantId, keys.resolve("id_ed25519"),
                keys.resolve(grantId + "-cert.pub"));
        if (!Files.isRegularFile(credentials.certificate()) || !Files.isRegularFile(credentials.privateKey())) {
            throw new PathFailure("hoshu: 'hoshu ssh' left no key and certificate in " + keys);
        }
        return credentials;
    }

    /** The broker's SSH host key lines for known_hosts, as it presents them on its SSH port. */
    public List<String> knownHostsLines() {
        return knownHostsLines(ports.ssh());
    }

    /** The SSH host key lines for known_hosts of any broker node listening on 127.0.0.1 at {@code sshPort}. */
    public static List<String> knownHostsLines(int sshPort) {
        CommandOutput scan = ExternalCommand.run(List.of("ssh-keyscan", "-T", "10", "-p", Integer.toString(sshPort),
                "127.0.0.1"), Duration.ofSeconds(30));
        List<String> lines = Arrays.stream(scan.stdout().split("\\R"))
                .filter(line -> line.startsWith("[127.0.0.1]:" + sshPort + " "))
                .toList();
        if (lines.isEmpty()) {
            throw new PathFailure("hoshu: the broker's SSH port " + sshPort + " offered no host key to ssh-keyscan");
        }
        return lines;
    }

    public int sshPort() {
        return ports.ssh();
    }

    public QuickstartPorts ports() {
        return ports;
    }

    /** The CLI home of a quickstart demo user (its {@code session.json} holds the user's token). */
    public Path cliHome(String user) {
        return cli.home(user);
    }

    public int httpPort() {
        return ports.http();
    }

    public int tunnelPort() {
        return ports.tunnel();
    }

    /** HOSHU_DATA of the quickstart: the broker's data, the agent's folder, the CLI homes and the logs. */
    public Path dataDir() {
        return dataDir;
    }

    public JvmProcess broker() {
        return broker;
    }

    public JvmProcess agent() {
        return agent;
    }

    public Path log() {
        return log;
    }

    /** The broker's and agent's own logs, for failure messages. */
    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    /** @throws PathFailure if the broker or agent has died since start */
    public void requireAlive() {
        for (JvmProcess jvm : List.of(broker, agent)) {
            if (!jvm.isAlive()) {
                throw new PathFailure("hoshu: the " + jvm.label() + " (pid " + jvm.pid() + ") has stopped; see " + logsDir());
            }
        }
    }

    private void awaitRunningLine(Progress progress) {
        QuickstartLog output = new QuickstartLog(log);
        boolean running = Deadline.in(START_LIMIT).await(() -> {
            echoSteps(output, progress);
            return output.sawRunning() || !quickstart.isAlive();
        });
        // A quickstart that printed its last lines and exited between two looks: show those lines too.
        echoSteps(output, progress);
        if (!running || !quickstart.isAlive() || !output.sawRunning()) {
            String why = quickstart.isAlive() ? "it did not report '" + QuickstartLog.RUNNING + "' within " + START_LIMIT.toMinutes() + " min"
                    : "it exited " + quickstart.exitValue();
            throw new PathFailure("hoshu: bin/quickstart did not start Hoshu: " + why + "; last words: "
                    + output.lastFailure() + " (log " + log + ")");
        }
    }

    private static void echoSteps(QuickstartLog output, Progress progress) {
        output.newLines().stream()
                .filter(line -> line.startsWith("==>") || line.contains("FAILED") || line.contains("building"))
                .forEach(line -> progress.detail("hoshu quickstart: " + line.strip()));
    }

    private JvmProcess findJvm(String label, String jar) {
        return JvmProcess.find(label, quickstart.toHandle(), jar, dataDir.toString())
                .orElseThrow(() -> new PathFailure("hoshu: no " + label + " process (" + jar + ") under the quickstart"));
    }

    @Override
    public void close() {
        List<ProcessHandle> started = quickstart.descendants().toList();
        quickstart.destroy();
        try {
            if (!quickstart.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                quickstart.destroyForcibly();
            }
        } catch (InterruptedException e) {
            quickstart.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // The quickstart's trap stops broker and agent; anything it left behind is ours to end, by pid.
        for (ProcessHandle process : started) {
            if (process.isAlive()) {
                LOG.warn("stopping leftover pid {} after the quickstart", process.pid());
                process.destroy();
                if (!Deadline.in(Duration.ofSeconds(10)).await(() -> !process.isAlive())) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
