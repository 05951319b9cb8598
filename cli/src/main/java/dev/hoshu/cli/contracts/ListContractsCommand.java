package dev.hoshu.cli.contracts;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Table;
import dev.hoshu.cli.TerminalText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * {@code hoshu contracts list}: the maintenance contracts (a hospital sees its own, a company those it is party to,
 * the operator all) and the tool contracts, each with whether it holds now.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List maintenance and tool contracts.")
public final class ListContractsCommand implements Callable<Integer> {

    private final CliContext context;

    public ListContractsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Table maintenance = new Table("MAINTENANCE", "HOSPITAL", "COMPANY", "DEVICES", "CATEGORIES", "FROM", "UNTIL",
                "BY", "STATE");
        for (JsonNode contract : context.broker().get("/contracts/maintenance").values()) {
            maintenance.row(text(contract, "id"), text(contract, "hospital"), text(contract, "company"),
                    joined(contract.path("devices")), joined(contract.path("categories")),
                    ContractTime.shown(contract.path("from"), context.zone()),
                    ContractTime.shown(contract.path("until"), context.zone()), text(contract, "registeredBy"),
                    state(contract));
        }
        Table tools = new Table("TOOLS", "MANUFACTURER", "COMPANY", "TOOL NAMES", "FROM", "UNTIL", "BY", "STATE");
        for (JsonNode contract : context.broker().get("/contracts/tools").values()) {
            tools.row(text(contract, "id"), text(contract, "manufacturer"), text(contract, "company"),
                    joined(contract.path("tools")), ContractTime.shown(contract.path("from"), context.zone()),
                    ContractTime.shown(contract.path("until"), context.zone()), text(contract, "registeredBy"),
                    state(contract));
        }
        maintenance.print(context.out());
        context.out().println();
        tools.print(context.out());
        return 0;
    }

    private String state(JsonNode contract) {
        try {
            Instant now = context.clock().instant();
            if (now.isBefore(Instant.parse(contract.path("from").asString("")))) {
                return "not yet";
            }
            return now.isBefore(Instant.parse(contract.path("until").asString(""))) ? "live" : "ended";
        } catch (DateTimeParseException e) {
            return "-";
        }
    }

    private static String joined(JsonNode values) {
        List<String> names = new ArrayList<>();
        values.values().forEach(value -> names.add(value.asString("?")));
        return names.isEmpty() ? "-" : TerminalText.oneLine(String.join(",", names));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? "-" : TerminalText.oneLine(value.asString("-"));
    }
}
