package dev.hoshu.cli.contracts;

import dev.hoshu.access.Category;
import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.ResourceId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code hoshu contracts add-maintenance …}: a hospital admin registers the hospital's contract with a company. */
@Command(name = "add-maintenance", mixinStandardHelpOptions = true,
        description = "Register your hospital's maintenance contract with a company (hospital admin).")
public final class AddMaintenanceCommand implements Callable<Integer> {

    @Option(names = "--hospital", required = true, description = "your hospital's organisation id")
    String hospital;

    @Option(names = "--company", required = true, description = "the contracted company's organisation id")
    String company;

    @Option(names = "--device", required = true, paramLabel = "DEVICE", description = "a covered device; repeat for more")
    List<String> devices;

    @Option(names = "--category", required = true, paramLabel = "CATEGORY",
            description = "MONITOR, MAINTENANCE or REPAIR; repeat for more")
    List<Category> categories;

    @Option(names = "--from", required = true, description = "first day (Asia/Tokyo) or instant it holds")
    String from;

    @Option(names = "--until", required = true, description = "first day (Asia/Tokyo) or instant it no longer holds")
    String until;

    private final CliContext context;

    public AddMaintenanceCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PartyIds.require("--hospital", hospital);
        PartyIds.require("--company", company);
        devices.forEach(ResourceId::requireDevice);
        Instant start = ContractTime.parse("--from", from);
        Instant end = ContractTime.parse("--until", until);
        ContractTime.requireOrder(start, end);
        ObjectNode body = JsonMapper.shared().createObjectNode().put("hospital", hospital).put("company", company)
                .put("from", start.toString()).put("until", end.toString());
        devices.forEach(body.putArray("devices")::add);
        ArrayNode categoryArray = body.putArray("categories");
        categories.forEach(category -> categoryArray.add(category.name()));
        JsonNode contract = context.broker().post("/contracts/maintenance", body);
        context.out().println("maintenance contract " + ListContractsCommand.text(contract, "id") + " registered: "
                + ListContractsCommand.text(contract, "company") + " maintains "
                + String.join(",", devices) + " of " + ListContractsCommand.text(contract, "hospital") + " for "
                + categories.stream().map(Enum::name).distinct().collect(Collectors.joining(","))
                + " from " + ContractTime.shown(contract.path("from"), context.zone())
                + " until " + ContractTime.shown(contract.path("until"), context.zone()));
        return 0;
    }
}
