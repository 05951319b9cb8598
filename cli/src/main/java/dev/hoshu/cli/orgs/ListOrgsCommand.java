package dev.hoshu.cli.orgs;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import dev.hoshu.cli.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code hoshu orgs list}: every organisation with what a contract writer needs to know of it. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the organisations.")
public final class ListOrgsCommand implements Callable<Integer> {

    private final CliContext context;

    public ListOrgsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table table = new Table("ID", "KIND", "NAME", "REPAIR LICENCE", "RESPONSIBLE", "TIME ZONE", "TOOLS");
        for (JsonNode org : context.broker().get("/organisations").values()) {
            List<String> tools = new ArrayList<>();
            org.path("tools").values().forEach(tool -> tools.add(tool.asString("?")));
            table.row(text(org, "id"), text(org, "kind"), text(org, "name"), text(org, "repairLicence"),
                    text(org, "responsiblePerson"), text(org, "timeZone"),
                    tools.isEmpty() ? "-" : TerminalText.oneLine(String.join(",", tools)));
        }
        table.print(context.out());
        return 0;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "-" : TerminalText.oneLine(value.asString("-"));
    }
}
