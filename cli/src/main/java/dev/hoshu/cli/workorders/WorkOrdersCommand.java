package dev.hoshu.cli.workorders;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu workorders}: the work orders the caller may see, newest first. */
@Command(name = "workorders", mixinStandardHelpOptions = true,
        description = "List work orders (engineers: your own; hospital staff: your hospital's).",
        subcommands = {ShowWorkOrderCommand.class, CloseWorkOrderCommand.class})
public final class WorkOrdersCommand implements Callable<Integer> {

    private final CliContext context;

    public WorkOrdersCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "REFERENCE", "DEVICE", "ENGINEER", "CATEGORY", "REQUEST", "STATE");
        for (JsonNode order : context.broker().get("/workorders").values()) {
            table.row(order.path("id").asString("-"), order.path("reference").asString("-"),
                    order.path("device").asString("-"), order.path("engineer").asString("-"),
                    order.path("category").asString("-"), order.path("requestStatus").asString("-"),
                    order.path("state").asString("-"));
        }
        table.print(context.out());
        return 0;
    }
}
