package dev.hoshu.cli.orgs;

import dev.hoshu.access.Names;
import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.org.OrgKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code hoshu orgs add ID --kind K --name N …}: registers or updates an organisation (operator only). */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Register an organisation, or update one of the same kind (operator).")
public final class AddOrgCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID", description = "the id tokens carry in their organisation claim")
    String id;

    @Option(names = "--kind", required = true, description = "HOSPITAL, SERVICE_COMPANY or MANUFACTURER")
    OrgKind kind;

    @Option(names = "--name", required = true, description = "the organisation's name as people know it")
    String name;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "a hospital's zone; Asia/Tokyo when not given")
    String timeZone;

    @Option(names = "--repair-licence", paramLabel = "NUMBER", description = "repair-business licence number")
    String repairLicence;

    @Option(names = "--responsible-person", paramLabel = "NAME", description = "responsible person in Japan")
    String responsiblePerson;

    @Option(names = "--tool", paramLabel = "TOOL", description = "a manufacturer's published tool; repeat for more")
    List<String> tools = new ArrayList<>();

    private final CliContext context;

    public AddOrgCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!Names.isOrganisationId(id)) {
            throw new BrokerCallFailed("refused: " + Names.quoted(id) + " is not a valid organisation id"
                    + " (lower-case letters, digits, '.', '_', '-')");
        }
        ObjectNode body = JsonMapper.shared().createObjectNode().put("id", id).put("kind", kind.name())
                .put("name", name).put("timeZone", timeZone).put("repairLicence", repairLicence)
                .put("responsiblePerson", responsiblePerson);
        tools.forEach(body.putArray("tools")::add);
        JsonNode org = context.broker().post("/organisations", body);
        context.out().println("organisation " + ListOrgsCommand.text(org, "id") + " ("
                + ListOrgsCommand.text(org, "kind") + ") registered: " + ListOrgsCommand.text(org, "name")
                + (org.path("tools").isEmpty() ? "" : "; tools " + TerminalText.oneLine(toolsOf(org))));
        return 0;
    }

    private static String toolsOf(JsonNode org) {
        List<String> names = new ArrayList<>();
        org.path("tools").values().forEach(tool -> names.add(tool.asString("?")));
        return String.join(",", names);
    }
}
