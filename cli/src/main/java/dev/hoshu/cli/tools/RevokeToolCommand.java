package dev.hoshu.cli.tools;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu tools revoke NAME VERSION --reason R}: no device runs that version from the next session on. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a published tool version (its manufacturer, operator); devices refuse it at once.")
public final class RevokeToolCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Option(names = "--reason", required = true)
    String reason;

    private final CliContext context;

    public RevokeToolCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Reasons.require(reason);
        JsonNode entry = context.broker().post("/tools/" + BrokerClient.segment(name) + "/"
                + BrokerClient.segment(version) + "/revoke", JsonMapper.shared().createObjectNode().put("reason", reason));
        context.out().println("revoked " + TerminalText.oneLine(entry.path("name").asString(name)) + " "
                + TerminalText.oneLine(entry.path("version").asString(version)));
        return 0;
    }
}
