package dev.hoshu.agent;

import dev.hoshu.agent.enroll.EnrollCommand;
import dev.hoshu.agent.localswitch.SwitchCommand;
import dev.hoshu.agent.tunnel.RunCommand;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code device-agent}: the outbound-only agent beside an imaging device. */
@Command(name = "device-agent", mixinStandardHelpOptions = true, version = DeviceAgentCommand.VERSION,
        description = "Hoshu device agent: dials out to the broker, never listens.",
        subcommands = {EnrollCommand.class, RunCommand.class, SwitchCommand.class})
public final class DeviceAgentCommand implements Runnable {

    public static final String VERSION = "0.1.0";

    /** BCJSSE logs every connection and its config quirks through java.util.logging; our own one-line logs suffice. */
    private static final java.util.logging.Logger BCJSSE_LOG = java.util.logging.Logger.getLogger("org.bouncycastle.jsse");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process. */
    public static CommandLine commandLine() {
        BCJSSE_LOG.setLevel(Level.SEVERE);
        return new CommandLine(new DeviceAgentCommand())
                .registerConverter(java.time.Duration.class, new DurationConverter())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("device-agent: " + DurationConverter.oneLine(e));
                    return 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
