package dev.hoshu.cli.workorders;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code hoshu workorders show r-…}: one work order, its sessions and how it was closed. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one work order.")
public final class ShowWorkOrderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WORK_ORDER")
    String id;

    private final CliContext context;

    public ShowWorkOrderCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("work order", id);
        JsonNode order = context.broker().get("/workorders/" + BrokerClient.segment(id));
        PrintWriter out = context.out();
        line(out, "work order", order.path("id"));
        line(out, "reference", order.path("reference"));
        line(out, "device", order.path("device"));
        line(out, "engineer", order.path("engineer"));
        line(out, "company", order.path("company"));
        line(out, "category", order.path("category"));
        line(out, "reason", order.path("reason"));
        line(out, "grant", order.path("grantId"));
        line(out, "state", order.path("state"));
        out.println("sessions:      " + (order.path("sessions").isEmpty() ? "-"
                : TerminalText.oneLine(String.join(" ", order.path("sessions").valueStream()
                .map(s -> s.asString("")).toList()))));
        JsonNode closure = order.path("closure");
        if (closure.isObject()) {
            line(out, "result", closure.path("result"));
            line(out, "repair form", closure.path("repairForm"));
            line(out, "form text", closure.path("repairFormText"));
            line(out, "check", closure.path("operationCheck"));
            line(out, "helper", closure.path("helper"));
            line(out, "closed by", closure.path("closedBy"));
            out.println("closed at:     " + context.clockTime(java.time.Instant.parse(closure.path("closedAt").asString())));
        }
        return 0;
    }

    private static void line(PrintWriter out, String label, JsonNode value) {
        String text = value.isMissingNode() || value.isNull() ? "-" : TerminalText.oneLine(value.asString(""));
        out.println(String.format("%-14s %s", label + ":", text));
    }
}
