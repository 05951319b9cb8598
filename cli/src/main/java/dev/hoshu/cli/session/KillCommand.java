package dev.hoshu.cli.session;

import java.util.concurrent.Callable;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.Reasons;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerCallFailed;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hoshu kill}: stops a live session now; the reason is shown to the engineer and recorded. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Stop a live session (approvers and hospital admins).")
public final class KillCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION_ID")
    String sessionId;

    @Option(names = "--reason", required = true)
    String reason;

    private final CliContext context;

    public KillCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("session", sessionId);
        Reasons.require(reason);
        JsonNode answer = context.broker().post("/sessions/" + BrokerClient.segment(sessionId) + "/kill",
                JsonMapper.shared().createObjectNode().put("reason", reason));
        if (!answer.path("killed").asBoolean(false)) {
            throw new BrokerCallFailed("kill of " + sessionId + " not confirmed by the broker");
        }
        context.out().println("killed " + TerminalText.oneLine(answer.path("id").asString(sessionId)));
        return 0;
    }
}
