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

/** {@code hoshu grants review ID --note N}: an approver's after-the-fact review of emergency access. */
@Command(name = "review", mixinStandardHelpOptions = true, description = "Review an emergency grant (approvers).")
public final class ReviewGrantCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "GRANT_ID")
    String grantId;

    @Option(names = "--note", required = true)
    String note;

    private final CliContext context;

    public ReviewGrantCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("grant", grantId);
        Reasons.require(note);
        JsonNode view = context.broker().post("/grants/" + BrokerClient.segment(grantId) + "/review",
                JsonMapper.shared().createObjectNode().put("note", note));
        context.out().println("reviewed " + TerminalText.oneLine(view.path("grant").path("id").asString(grantId)));
        return 0;
    }
}
