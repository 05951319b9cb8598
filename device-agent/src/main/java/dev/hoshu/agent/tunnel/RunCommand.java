package dev.hoshu.agent.tunnel;

import dev.hoshu.agent.enroll.AgentData;
import dev.hoshu.agent.enroll.EnrolledDevice;
import dev.hoshu.agent.runner.ToolCommandFactory;
import dev.hoshu.agent.sshd.AgentSshServer;
import dev.hoshu.tunnel.TunnelClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--heartbeat-timeout", defaultValue = "45s",
            description = "close and redial a tunnel silent this long (default: ${DEFAULT-VALUE})")
    private Duration heartbeatTimeout = TunnelClientConfig.DEFAULT_READ_IDLE_TIMEOUT;

    @Option(names = "--stop-grace", defaultValue = "5s",
            description = "time a stopped tool gets between TERM and KILL (default: ${DEFAULT-VALUE})")
    private Duration stopGrace;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        EnrolledDevice device;
        try {
            requireDirectory("tools", tools);
            requireDirectory("trusted keys", trust);
            device = new AgentData(data).load();
        } catch (IOException e) {
            spec.commandLine().getErr().println("run refused: " + e.getMessage());
            return 1;
        }
        AgentTunnel agent = new AgentTunnel(device, AgentSshServer.start(device.keyPair(), device.brokerSshKey(),
                new ToolCommandFactory(tools, trust, stopGrace)), heartbeatTimeout);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
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
