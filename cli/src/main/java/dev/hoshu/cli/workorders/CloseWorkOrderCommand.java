package dev.hoshu.cli.workorders;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hoshu workorders close r-… --result R --repair-form F --operation-check C --helper NAME|none}: records how
 * the work ended (JESRA TR-0036 §4.2-2); the broker then issues the signed repair report.
 */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = "Close a work order with its result, form of repair, operation check and helper.")
public final class CloseWorkOrderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WORK_ORDER")
    String id;

    @Option(names = "--result", required = true, description = "what was found and done")
    String result;

    @Option(names = "--repair-form", required = true,
            description = "REMOTE_ONLY, ON_SITE_VISIT, LOCAL_REPAIRER or OTHER")
    String repairForm;

    @Option(names = "--repair-form-text", description = "what the form was, for OTHER")
    String repairFormText;

    @Option(names = "--operation-check", required = true, description = "the operation check after the repair")
    String operationCheck;

    @Option(names = "--helper", required = true, description = "the hospital staff member who helped, or none")
    String helper;

    private final CliContext context;

    public CloseWorkOrderCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("work order", id);
        ObjectNode body = JsonMapper.shared().createObjectNode().put("result", result).put("repairForm", repairForm)
                .put("operationCheck", operationCheck).put("helper", helper);
        if (repairFormText != null) {
            body.put("repairFormText", repairFormText);
        }
        JsonNode order = context.broker().post("/workorders/" + BrokerClient.segment(id) + "/close", body);
        context.out().println("closed work order " + TerminalText.oneLine(order.path("id").asString(id)) + " ("
                + TerminalText.oneLine(order.path("closure").path("repairForm").asString("?")) + "); report: hoshu "
                + "reports download " + TerminalText.oneLine(order.path("id").asString(id)) + " -o FILE");
        return 0;
    }
}
