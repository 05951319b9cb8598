package dev.hoshu.cli.contracts;

import dev.hoshu.access.Names;
import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerCallFailed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code hoshu contracts add-tools …}: the operator records a manufacturer's consent that a company uses its tools. */
@Command(name = "add-tools", mixinStandardHelpOptions = true,
        description = "Record a manufacturer's consent that a company uses some of its tools (operator).")
public final class AddToolsCommand implements Callable<Integer> {

    @Option(names = "--manufacturer", required = true, description = "the consenting manufacturer's id")
    String manufacturer;

    @Option(names = "--company", required = true, description = "the company allowed to use the tools")
    String company;

    @Option(names = "--tool", required = true, paramLabel = "TOOL", description = "a consented tool; repeat for more")
    List<String> tools;

    @Option(names = "--from", required = true, description = "first day (Asia/Tokyo) or instant it holds")
    String from;

    @Option(names = "--until", required = true, description = "first day (Asia/Tokyo) or instant it no longer holds")
    String until;

    private final CliContext context;

    public AddToolsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PartyIds.require("--manufacturer", manufacturer);
        PartyIds.require("--company", company);
        for (String tool : tools) {
            if (!Names.isToolName(tool)) {
                throw new BrokerCallFailed("refused: --tool " + Names.quoted(tool) + " is not a valid tool name");
            }
        }
        Instant start = ContractTime.parse("--from", from);
        Instant end = ContractTime.parse("--until", until);
        ContractTime.requireOrder(start, end);
        ObjectNode body = JsonMapper.shared().createObjectNode().put("manufacturer", manufacturer)
                .put("company", company).put("from", start.toString()).put("until", end.toString());
        tools.forEach(body.putArray("tools")::add);
        JsonNode contract = context.broker().post("/contracts/tools", body);
        context.out().println("tool contract " + ListContractsCommand.text(contract, "id") + " registered: "
                + ListContractsCommand.text(contract, "manufacturer") + " lets "
                + ListContractsCommand.text(contract, "company") + " use " + String.join(",", tools)
                + " from " + ContractTime.shown(contract.path("from"), context.zone())
                + " until " + ContractTime.shown(contract.path("until"), context.zone()));
        return 0;
    }
}
