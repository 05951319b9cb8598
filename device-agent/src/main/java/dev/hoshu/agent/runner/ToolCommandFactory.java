package dev.hoshu.agent.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * The agent SSH server's only way to run anything: each exec request must be a JSON tool
 * invocation, and becomes a {@link Command} that verifies and runs that signed tool.
 */
public final class ToolCommandFactory implements CommandFactory {

    private final ToolCommand.RunnerSettings settings;

    /**
     * @param toolsDir       one directory per tool, named like the tool
     * @param trustedKeysDir the manufacturers' public keys ({@code *.pem}), re-read for every run
     * @param stopGrace      how long a stopped tool gets between SIGTERM and SIGKILL
     */
    public ToolCommandFactory(Path toolsDir, Path trustedKeysDir, Duration stopGrace) {
        this(toolsDir, trustedKeysDir, stopGrace, RunGate.OPEN, new RunningTools(), Duration.ZERO);
    }

    /**
     * @param gate            refuses every tool while remote maintenance is switched off on site
     * @param running         where running tools are listed, so the on-site switch can end them
     * @param tunnelLossGrace how long a silent tunnel is tolerated before its tools are stopped; zero: no watch
     */
    public ToolCommandFactory(Path toolsDir, Path trustedKeysDir, Duration stopGrace, RunGate gate,
                              RunningTools running, Duration tunnelLossGrace) {
        this(toolsDir, trustedKeysDir, stopGrace, gate, running, tunnelLossGrace, null);
    }

    /** @param toolUser the unprivileged account tools run as, or {@code null} for the agent's own */
    public ToolCommandFactory(Path toolsDir, Path trustedKeysDir, Duration stopGrace, RunGate gate,
                              RunningTools running, Duration tunnelLossGrace, ToolUser toolUser) {
        Objects.requireNonNull(toolsDir, "toolsDir");
        Objects.requireNonNull(trustedKeysDir, "trustedKeysDir");
        if (stopGrace == null || stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must be zero or positive");
        }
        this.settings = new ToolCommand.RunnerSettings(toolsDir, trustedKeysDir, stopGrace, new ToolLauncher(toolUser),
                Objects.requireNonNull(gate, "gate"), Objects.requireNonNull(running, "running"),
                Objects.requireNonNull(tunnelLossGrace, "tunnelLossGrace"));
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) {
        ToolInvocation invocation;
        try {
            invocation = ToolInvocation.parse(command);
        } catch (MalformedInvocationException e) {
            invocation = null;
        }
        return new ToolCommand(invocation, settings);
    }
}
