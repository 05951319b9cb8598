package dev.hoshu.cli.grants;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu grants revoke ID --reason R}: ends a grant now; its live sessions end too. */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a grant (its sessions end now).")
public final class RevokeGrantCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "GRANT_ID")
    String grantId;

    @Option(names = "--reason", required = true)
    String reason;

    private final CliContext context;

    public RevokeGrantCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("grant", grantId);
        Reasons.require(reason);
        JsonNode view = context.broker().post("/grants/" + BrokerClient.segment(grantId) + "/revoke",
                JsonMapper.shared().createObjectNode().put("reason", reason));
        context.out().println("revoked " + TerminalText.oneLine(view.path("grant").path("id").asString(grantId))
                + "; sessions ended: " + view.path("endedSessions").size());
        return 0;
    }
}
