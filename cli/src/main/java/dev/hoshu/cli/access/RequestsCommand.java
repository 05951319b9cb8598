package dev.hoshu.cli.access;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code hoshu requests}: the caller's requests, or their hospital's for an approver. */
@Command(name = "requests", mixinStandardHelpOptions = true, description = "List access requests you may see.")
public final class RequestsCommand implements Callable<Integer> {

    private final CliContext context;

    public RequestsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "DEVICE", "CATEGORY", "STATUS", "ENGINEER", "TOOLS", "MINUTES", "GRANT");
        for (JsonNode request : context.broker().get("/requests").values()) {
            List<String> tools = new ArrayList<>();
            request.path("tools").values().forEach(tool -> tools.add(tool.asString("")));
            table.row(text(request, "id"), text(request, "device"), text(request, "category"),
                    text(request, "status"), text(request, "engineer"), String.join(",", tools),
                    text(request, "durationMinutes"), text(request, "grantId"));
        }
        table.print(context.out());
        return 0;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "-" : value.asString("-");
    }
}
