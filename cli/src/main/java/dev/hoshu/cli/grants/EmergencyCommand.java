package dev.hoshu.cli.grants;

import dev.hoshu.access.Category;
import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.ResourceId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code hoshu emergency DEVICE …}: access without prior approval, where the hospital allows it; reviewed after. */
@Command(name = "emergency", mixinStandardHelpOptions = true,
        description = "Open emergency access (only where the hospital's policy allows it; every approver is told).")
public final class EmergencyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEVICE")
    String device;

    @Option(names = "--tool", required = true, paramLabel = "TOOL", description = "repeat for each tool")
    List<String> tools;

    @Option(names = "--category", required = true, description = "MONITOR, MAINTENANCE or REPAIR")
    Category category;

    @Option(names = "--reason", required = true)
    String reason;

    @Option(names = "--minutes", defaultValue = "30")
    int minutes;

    private final CliContext context;

    public EmergencyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.requireDevice(device);
        Reasons.require(reason);
        ObjectNode body = JsonMapper.shared().createObjectNode().put("device", device).put("category", category.name())
                .put("reason", reason).put("durationMinutes", minutes);
        tools.forEach(body.putArray("tools")::add);
        JsonNode grant = context.broker().post("/emergency", body).path("grant");
        context.out().println("EMERGENCY grant " + TerminalText.oneLine(grant.path("id").asString("?")) + " on "
                + TerminalText.oneLine(grant.path("device").asString(device)) + " until "
                + context.clockTime(Instant.parse(grant.path("notAfter").asString(Instant.EPOCH.toString())))
                + "; the hospital's approvers are told and will review it");
        return 0;
    }
}
