package dev.hoshu.agent.localswitch;

import dev.hoshu.agent.enroll.AgentData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code device-agent switch off|on|status --data DIR}: the on-site switch, for staff at the device. It works on the
 * local file only, so it works with the broker and the network down, and nothing remote can do what it does.
 */
@Command(name = "switch", mixinStandardHelpOptions = true,
        description = "Turn remote maintenance of this device off or on, on site (no network involved).")
public final class SwitchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "off|on|status", description = "off, on or status")
    private String action;

    @Option(names = "--data", required = true, description = "the agent's data directory (from enroll)")
    private Path data;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            spec.commandLine().getErr().println("switch refused: data directory " + data + " does not exist");
            return 1;
        }
        OnSiteSwitch onSite = new OnSiteSwitch(data, deviceName());
        try {
            switch (action) {
                case "off" -> {
                    onSite.turnOff(System.getProperty("user.name", "unknown"), Instant.now());
                    spec.commandLine().getOut().println(onSite.reason() + "; running sessions end now");
                }
                case "on" -> {
                    onSite.turnOn();
                    spec.commandLine().getOut().println("remote maintenance switched on at " + deviceName());
                }
                case "status" -> spec.commandLine().getOut().println(onSite.isOff()
                        ? "off: " + onSite.note().orElse(onSite.reason())
                        : "on: remote maintenance allowed at " + deviceName());
                default -> {
                    spec.commandLine().getErr().println("switch refused: say off, on or status, not '"
                            + action.replaceAll("\\p{Cntrl}", "?") + "'");
                    return 2;
                }
            }
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("switch " + action + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** The enrolled device's id, or a plain description before enrollment (the switch works then too). */
    private String deviceName() {
        try {
            return new AgentData(data).load().deviceId();
        } catch (IOException | RuntimeException e) {
            return "this device";
        }
    }
}
