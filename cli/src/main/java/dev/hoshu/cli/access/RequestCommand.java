package dev.hoshu.cli.access;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.hoshu.access.Category;
import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.ResourceId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoshu request}: asks the device's hospital for time-boxed access to some tools. */
@Command(name = "request", mixinStandardHelpOptions = true, description = "Ask for access to a device's tools.")
public final class RequestCommand implements Callable<Integer> {

    static final int MAX_MINUTES = 24 * 60;

    @Parameters(index = "0", paramLabel = "DEVICE")
    String device;

    @Option(names = "--tool", required = true, paramLabel = "TOOL", description = "repeat for each tool")
    List<String> tools;

    @Option(names = "--category", required = true, description = "MONITOR, MAINTENANCE or REPAIR")
    Category category;

    @Option(names = "--reason", required = true, description = "work order or ticket")
    String reason;

    @Option(names = "--minutes", defaultValue = "60")
    int minutes;

    @Option(names = "--work-order", paramLabel = "REF", description = "the work-order reference")
    String workOrder;

    @Option(names = "--start", paramLabel = "TIME",
            description = "a later start: 2026-11-21T10:00 (hospital time, Asia/Tokyo) or an ISO instant")
    String start;

    @Option(names = "--patient-data", description = "ask for access to patient data (the hospital must allow it)")
    boolean patientData;

    private final CliContext context;

    public RequestCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.requireDevice(device);
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new BrokerCallFailed("refused: --minutes must be between 1 and " + MAX_MINUTES);
        }
        Reasons.require(reason);
        ObjectNode body = JsonMapper.shared().createObjectNode()
                .put("device", device)
                .put("category", category.name())
                .put("reason", reason)
                .put("durationMinutes", minutes)
                .put("patientData", patientData);
        if (workOrder != null) {
            body.put("workOrder", workOrder);
        }
        if (start != null) {
            body.put("start", StartTime.parse(start).toString());
        }
        tools.forEach(body.putArray("tools")::add);
        JsonNode request = context.broker().post("/requests", body);
        context.out().println("request " + TerminalText.oneLine(request.path("id").asString("?")) + " "
                + TerminalText.oneLine(request.path("status").asString("PENDING").toLowerCase(Locale.ROOT))
                + " (" + TerminalText.oneLine(request.path("hospital").asString("the hospital")) + " must approve)");
        return 0;
    }
}
