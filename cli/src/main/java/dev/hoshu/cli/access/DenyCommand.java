package dev.hoshu.cli.access;

import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoshu deny}: an approver refuses a request, saying why. */
@Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny an access request.")
public final class DenyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REQUEST_ID")
    String requestId;

    @Option(names = "--reason", required = true)
    String reason;

    private final CliContext context;

    public DenyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("request", requestId);
        Reasons.require(reason);
        JsonNode request = context.broker().post("/requests/" + BrokerClient.segment(requestId) + "/deny",
                JsonMapper.shared().createObjectNode().put("reason", reason));
        context.out().println("denied " + TerminalText.oneLine(request.path("id").asString(requestId))
                + ": " + TerminalText.oneLine(reason));
        return 0;
    }
}
