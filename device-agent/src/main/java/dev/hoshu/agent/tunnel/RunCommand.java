package dev.hoshu.agent.tunnel;

import dev.hoshu.agent.DeviceAgentCommand;
import dev.hoshu.agent.enroll.AgentData;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.inventory.Inventory;
import dev.hoshu.agent.inventory.InventoryAnswer;
import dev.hoshu.agent.inventory.InventoryFile;
import dev.hoshu.agent.localswitch.OnSiteSwitch;
import dev.hoshu.agent.localswitch.RemoteSwitchRefusal;
import dev.hoshu.agent.localswitch.SwitchReporter;
import dev.hoshu.agent.localswitch.SwitchWatcher;
import dev.hoshu.agent.runner.RunningTools;
import dev.hoshu.agent.runner.ToolCommandFactory;
import dev.hoshu.agent.runner.ToolUser;
import dev.hoshu.agent.sshd.AgentSshServer;
import dev.hoshu.tunnel.Backoff;
import dev.hoshu.tunnel.TunnelClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import dev.hoshu.agent.transfer.TransferSubsystemFactory;
import picocli.CommandLine.Spec;

/** {@code device-agent run}: stay connected to the broker until SIGTERM. */
@Command(name = "run", description = "Keep the tunnel to the broker up and serve signed tools through it.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "the agent's data directory (from enroll)")
    private Path data;

    @Option(names = "--tools", required = true, description = "directory of installed, signed tools")
    private Path tools;

    @Option(names = "--trust", required = true, description = "directory of manufacturers' public keys (*.pem)")
    private Path trust;

    @Option(names = "--device-files", defaultValue = "/",
            description = "what tool manifests' transfer folders are relative to (default: ${DEFAULT-VALUE})")
    private Path deviceFiles;

    @Option(names = "--heartbeat-timeout", defaultValue = "45s",
            description = "close and redial a tunnel silent this long (default: ${DEFAULT-VALUE})")
    private Duration heartbeatTimeout = TunnelClientConfig.DEFAULT_READ_IDLE_TIMEOUT;

    @Option(names = "--backoff-cap", defaultValue = "12m",
            description = "longest wait between redials; waits are random up to a doubling ceiling (default: ${DEFAULT-VALUE})")
    private Duration backoffCap = Backoff.DEFAULT_CAP;

    @Option(names = "--broker", paramLabel = "HOST:PORT",
            description = "a further broker node's tunnel port (repeatable); the enrolled broker comes first")
    private List<String> brokers = new java.util.ArrayList<>();

    @Option(names = "--tunnels", paramLabel = "1|2",
            description = "tunnels to keep, each on a distinct broker node (default: 2 with two brokers or more, else 1)")
    private Integer tunnels;

    @Option(names = "--stop-grace", defaultValue = "5s",
            description = "time a stopped tool gets between TERM and KILL (default: ${DEFAULT-VALUE})")
    private Duration stopGrace;

    @Option(names = "--tunnel-loss-grace", defaultValue = "10s",
            description = "stop the tools of a tunnel silent this long (fail safe; default: ${DEFAULT-VALUE})")
    private Duration tunnelLossGrace;

    @Option(names = "--tool-user", paramLabel = "USER:GROUP",
            description = "run tools as this unprivileged account (the agent must run as root to switch); "
                    + "default: the agent's own user")
    private String toolUserSpec;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ToolUser toolUser;
        try {
            toolUser = toolUserSpec == null ? null : ToolUser.parse(toolUserSpec);
            if (toolUser != null && ToolUser.agentRunsAsRoot()) {
                // Said at start, not first at an engineer's session; every run looks the account up again.
                toolUser.ids();
            }
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("run refused: --tool-user: " + e.getMessage());
            return 2;
        }
        if (toolUser == null && ToolUser.agentRunsAsRoot()) {
            spec.commandLine().getErr().println("warning: the agent runs as root, so tools do too; give --tool-user "
                    + "USER:GROUP (e.g. nobody:nogroup) to run them as an unprivileged account");
        }
        EnrolledDevice device;
        Inventory inventory;
        AgentData agentData = new AgentData(data);
        try {
            requireDirectory("tools", tools);
            requireDirectory("trusted keys", trust);
            device = agentData.load();
            inventory = InventoryFile.in(data).load();
        } catch (IOException e) {
            spec.commandLine().getErr().println("run refused: " + e.getMessage());
            return 1;
        }
        NodeChoice nodes;
        int tunnelCount;
        try {
            List<dev.hoshu.tunnel.BrokerEndpoint> endpoints = new java.util.ArrayList<>();
            endpoints.add(AgentTunnel.endpoint(device));
            for (String broker : brokers) {
                dev.hoshu.agent.enroll.BrokerAddress address = dev.hoshu.agent.enroll.BrokerAddress.parse(broker);
                endpoints.add(new dev.hoshu.tunnel.BrokerEndpoint(address.host(), address.port()));
            }
            nodes = new NodeChoice(endpoints);
            tunnelCount = tunnels == null ? TunnelPool.defaultTunnels(nodes.nodes().size()) : tunnels;
            TunnelPool.check(tunnelCount, nodes.nodes().size());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("run refused: " + e.getMessage());
            return 2;
        }
        OnSiteSwitch onSite = new OnSiteSwitch(data, device.deviceId());
        InventoryAnswer inventoryAnswer = new InventoryAnswer(DeviceAgentCommand.VERSION, inventory, Clock.systemUTC(),
                onSite::report);
        RunningTools running = new RunningTools();
        SwitchReporter switchReporter = new SwitchReporter();
        SwitchWatcher switchWatcher;
        try {
            switchWatcher = SwitchWatcher.start(onSite, running, switchReporter);
        } catch (IOException e) {
            spec.commandLine().getErr().println("run refused: cannot watch the on-site switch: " + e.getMessage());
            return 1;
        }
        AgentTunnel agent = new AgentTunnel(device, agentData.certificates(), AgentSshServer.start(device.keyPair(),
                device.brokerSshKey(), new ToolCommandFactory(tools, trust, stopGrace, onSite, running,
                        tunnelLossGrace, toolUser), List.of(inventoryAnswer, new RemoteSwitchRefusal(), new DrainAnswerer()),
                List.of(new TransferSubsystemFactory(tools, trust, deviceFiles, data.resolve("transfers")))),
                heartbeatTimeout, backoffCap, nodes, tunnelCount);
        agent.whenUp(switchReporter::tunnelUp);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                switchWatcher.close();
                switchReporter.close();
                agent.close();
            } catch (IOException e) {
                spec.commandLine().getErr().println("stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "agent-shutdown"));
        agent.start();
        stopped.await();
        return 0;
    }

    private static void requireDirectory(String what, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + " directory " + dir + " does not exist");
        }
    }
}
