package dev.hoshu.cli.webhooks;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.TerminalText;
import dev.hoshu.cli.http.BrokerClient;
import dev.hoshu.cli.http.ResourceId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu webhooks remove ID}: stops the subscription; its pending deliveries are cancelled. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a webhook subscription.")
public final class RemoveWebhookCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    private final CliContext context;

    public RemoveWebhookCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceId.require("webhook", id);
        JsonNode webhook = context.broker().delete("/webhooks/" + BrokerClient.segment(id),
                JsonMapper.shared().createObjectNode());
        context.out().println("removed webhook " + TerminalText.oneLine(webhook.path("id").asString(id)) + " ("
                + TerminalText.oneLine(webhook.path("url").asString("")) + ")");
        return 0;
    }
}
